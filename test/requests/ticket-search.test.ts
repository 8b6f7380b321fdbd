import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createMember,
  createTicketRow,
  limitMemberToNumbers,
} from '../helpers/factories';

/**
 * Issue 23, item 3: the staff queue's search box (#NNNNNN, the number alone, words of the subject in
 * Spanish and English, the requester's e-mail), sorting by age and priority, each ticket's age and
 * «Vencido» past its first-response target; customers search their own tickets and filter by status.
 */
let t: TestApp;
let staff: Agent;
beforeAll(async () => {
  t = await buildTestApp();
  const platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  staff = await signIn(t.app, (await createMember(t.db, { role: 'member', accountId: platform })).email);
});
afterAll(() => t.close());

let n = 0;
async function customer() {
  const accountId = await createAccount(t.db, { name: `Búsqueda ${++n}` });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  return { accountId, owner };
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
async function ticketAt(
  accountId: number,
  requesterEmail: string,
  subject: string,
  values: { priority?: string; createdHoursAgo?: number; firstResponse?: boolean; status?: 'open' | 'closed' } = {},
) {
  const row = await createTicketRow(t.db, { accountId, requesterEmail, subject, status: values.status });
  await t
    .db('tickets')
    .where({ id: row.id })
    .update({
      priority: values.priority ?? 'medium',
      created_at: hoursAgo(values.createdHoursAgo ?? 0),
      first_response_at: values.firstResponse ? hoursAgo(0) : null,
    });
  return row;
}

const numbersIn = (html: string) => [...html.matchAll(/href="\/(?:staff\/)?tickets\/(\d{6,8})">#/g)].map((m) => m[1]);

describe('the staff search box', () => {
  it('finds a ticket by #NNNNNN, by its number alone, by subject words and by the requester’s e-mail', async () => {
    const c = await customer();
    const pbx = await ticketAt(c.accountId, 'ana@busqueda.test', 'La centralita no registra las extensiones');
    const invoice = await ticketAt(c.accountId, 'paul@busqueda.test', 'The invoices are wrong');
    const other = await ticketAt(c.accountId, 'luis@busqueda.test', 'Alta de una línea nueva');

    const page = await staff.get('/staff');
    expect(page.text).toMatch(/<label for="field-q">Buscar tickets<\/label>/);

    expect(numbersIn((await staff.get(`/staff?q=${encodeURIComponent(`#${pbx.number}`)}`)).text)).toEqual([pbx.number]);
    expect(numbersIn((await staff.get(`/staff?q=${pbx.number}`)).text)).toEqual([pbx.number]);
    // Spanish stemming («registra» / «registrar»), English stemming («invoice» / «invoices»).
    expect(numbersIn((await staff.get('/staff?q=registrar%20centralita')).text)).toEqual([pbx.number]);
    expect(numbersIn((await staff.get('/staff?q=invoice')).text)).toEqual([invoice.number]);
    expect(numbersIn((await staff.get('/staff?q=PAUL%40busqueda.test')).text)).toEqual([invoice.number]);
    const none = await staff.get('/staff?q=inexistente');
    expect(numbersIn(none.text)).toEqual([]);
    expect(textOf(none.text)).toContain('Ningún ticket coincide con «inexistente».');
    expect(numbersIn((await staff.get('/staff?q=l%C3%ADnea')).text)).toContain(other.number);
  });

  it('leaves closed tickets out of the queue unless that status is chosen, and shows only the status chosen', async () => {
    const c = await customer();
    const open = await ticketAt(c.accountId, 'abierto@busqueda.test', 'Sigue abierto');
    const closed = await ticketAt(c.accountId, 'cerrado@busqueda.test', 'Ya cerrado', { status: 'closed' });
    for (const path of ['/staff', '/staff?status=ninguno', '/staff?view=all&sort=age']) {
      const shown = numbersIn((await staff.get(path)).text);
      expect(shown).not.toContain(closed.number);
      if (path === '/staff') expect(shown).toContain(open.number);
    }
    const onlyClosed = numbersIn((await staff.get('/staff?status=closed')).text);
    expect(onlyClosed).toContain(closed.number);
    expect(onlyClosed).not.toContain(open.number);
    const onlyOpen = numbersIn((await staff.get('/staff?status=open')).text);
    expect(onlyOpen).toContain(open.number);
    expect(onlyOpen).not.toContain(closed.number);
  });

  it('finds closed tickets by number too, and keeps the search in the box', async () => {
    const c = await customer();
    const closed = await ticketAt(c.accountId, 'cerrado@busqueda.test', 'Baja del servicio', { status: 'closed' });
    const found = await staff.get(`/staff?q=${closed.number}`);
    expect(numbersIn(found.text)).toEqual([closed.number]);
    expect(found.text).toContain(`value="${closed.number}"`);
  });

  it('sorts by age and by priority, and shows each ticket’s age with «Vencido» past its first-response target', async () => {
    const c = await customer();
    const word = `orden${Date.now()}`;
    const urgentLate = await ticketAt(c.accountId, 'a@orden.test', `${word} urgente`, {
      priority: 'urgent',
      createdHoursAgo: 2,
    });
    const urgentAnswered = await ticketAt(c.accountId, 'b@orden.test', `${word} urgente respondido`, {
      priority: 'urgent',
      createdHoursAgo: 3,
      firstResponse: true,
    });
    const highFresh = await ticketAt(c.accountId, 'c@orden.test', `${word} alta`, {
      priority: 'high',
      createdHoursAgo: 2,
    });
    const lowOld = await ticketAt(c.accountId, 'd@orden.test', `${word} baja`, {
      priority: 'low',
      createdHoursAgo: 80,
    });

    const byAge = await staff.get(`/staff?q=${word}&sort=age`);
    expect(numbersIn(byAge.text)).toEqual([lowOld.number, urgentAnswered.number, urgentLate.number, highFresh.number]);
    const byPriority = await staff.get(`/staff?q=${word}&sort=priority`);
    expect(numbersIn(byPriority.text)).toEqual([
      urgentAnswered.number,
      urgentLate.number,
      highFresh.number,
      lowOld.number,
    ]);

    const rowOf = (html: string, number: string) => {
      const at = html.indexOf(`href="/staff/tickets/${number}">#`);
      return textOf(html.slice(at, html.indexOf('</tr>', at)));
    };
    expect(rowOf(byAge.text, urgentLate.number)).toContain('Vencido');
    expect(rowOf(byAge.text, urgentLate.number)).toContain('2 h');
    expect(rowOf(byAge.text, lowOld.number)).toContain('Vencido');
    expect(rowOf(byAge.text, lowOld.number)).toContain('3 d');
    expect(rowOf(byAge.text, urgentAnswered.number)).not.toContain('Vencido');
    expect(rowOf(byAge.text, highFresh.number)).not.toContain('Vencido');
    expect(byAge.text).toMatch(/<option value="age" selected>/);
  });

  it('stops the first-response clock at the helpdesk’s first answer, not at an internal note', async () => {
    const c = await customer();
    const late = await ticketAt(c.accountId, c.owner.email, 'Sin respuesta aún', {
      priority: 'urgent',
      createdHoursAgo: 5,
    });
    const overdue = async () => {
      const html = (await staff.get(`/staff?q=${late.number}`)).text;
      return textOf(html.slice(html.indexOf(`href="/staff/tickets/${late.number}">#`))).includes('Vencido');
    };
    expect(await overdue()).toBe(true);
    const reply = (fields: Record<string, string>) =>
      submitForm(staff, `/staff/tickets/${late.number}`, `/staff/tickets/${late.number}/reply`, fields);
    expect((await reply({ message: 'Nota para el equipo', internal: '1' })).status).toBe(303);
    expect(await overdue()).toBe(true);
    expect((await reply({ message: 'Lo estamos revisando.' })).status).toBe(303);
    expect(await overdue()).toBe(false);
  });
});

describe('customers searching their own tickets', () => {
  it('finds their tickets by number and words, filters by status, and never sees another account’s', async () => {
    const c = await customer();
    const mine = await ticketAt(c.accountId, c.owner.email, 'Portabilidad del número de cabecera');
    const closed = await ticketAt(c.accountId, c.owner.email, 'Portabilidad pendiente de otra línea', {
      status: 'closed',
    });
    const stranger = await customer();
    const theirs = await ticketAt(stranger.accountId, stranger.owner.email, 'Portabilidad ajena');
    const agent = await signIn(t.app, c.owner.email);

    const list = await agent.get('/tickets');
    expect(list.text).toMatch(/<label for="field-q">/);
    expect(numbersIn((await agent.get(`/tickets?q=${mine.number}`)).text)).toEqual([mine.number]);
    expect(numbersIn((await agent.get(`/tickets?q=%23${theirs.number}`)).text)).toEqual([]);
    expect(numbersIn((await agent.get('/tickets?q=portabilidad')).text).sort()).toEqual(
      [mine.number, closed.number].sort(),
    );
    expect(numbersIn((await agent.get('/tickets?q=portabilidad&status=closed')).text)).toEqual([closed.number]);
    expect(numbersIn((await agent.get('/tickets?status=open')).text)).toEqual([mine.number]);
  });

  it('keeps a member limited to account numbers within them', async () => {
    const c = await customer();
    const allowed = await createAccountNumber(t.db, c.accountId);
    const hidden = await createAccountNumber(t.db, c.accountId);
    const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId: c.accountId });
    await limitMemberToNumbers(t.db, member.membershipId, [allowed]);
    const inside = await createTicketRow(t.db, {
      accountId: c.accountId,
      requesterEmail: c.owner.email,
      accountNumber: allowed,
      subject: 'Enrutamiento entrante',
    });
    const outside = await createTicketRow(t.db, {
      accountId: c.accountId,
      requesterEmail: c.owner.email,
      accountNumber: hidden,
      subject: 'Enrutamiento saliente',
    });
    const agent = await signIn(t.app, member.email);
    expect(numbersIn((await agent.get('/tickets?q=enrutamiento')).text)).toEqual([inside.number]);
    expect(numbersIn((await agent.get(`/tickets?q=${outside.number}`)).text)).toEqual([]);
  });
});
