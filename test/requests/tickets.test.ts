import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createContactRow,
  createMember,
  createSupportContactRow,
  createTicketRow,
  limitMemberToNumbers,
} from '../helpers/factories';
import { addTicketMessage } from '../../src/services/tickets';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function account() {
  const accountId = await createAccount(t.db, { name: 'Soporte SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const admin = await createMember(t.db, { role: 'admin', accountId, firstName: 'Adán' });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Mario' });
  const limited = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Lola' });
  const [n1, n2] = [await createAccountNumber(t.db, accountId), await createAccountNumber(t.db, accountId)];
  await limitMemberToNumbers(t.db, limited.membershipId, [n1]);
  await createContactRow(t.db, accountId, {
    firstName: 'Otro',
    lastName: 'Contacto',
    email: 'otro@soporte.test',
    emailTypes: ['support', 'general'],
  });
  return { accountId, owner, admin, member, limited, n1, n2 };
}

const open = (agent: Awaited<ReturnType<typeof signIn>>, fields: Record<string, unknown>) =>
  submitForm(agent, '/tickets/new', '/tickets/new', {
    department: 'support',
    priority: 'high',
    subject: 'La troncal no marca',
    message: 'Desde hoy no hay tono.',
    ...fields,
  });

const mailsOf = (ticketNumber: string) =>
  t
    .db('mail_outbox as o')
    .join('tickets as k', 'k.id', 'o.ticket_id')
    .where('k.number', ticketNumber)
    .orderBy('o.id')
    .select('o.*');

describe('opening and answering tickets in the portal', () => {
  it('opens a ticket with a random public number, shows it, and e-mails the opener with the owner in CC', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.member.email);
    const response = await open(agent, { account_number: a.n1 });
    expect(response.status).toBe(303);
    const number = /\/tickets\/(\d{6})$/.exec(response.headers.location)![1];
    const page = textOf((await agent.get(`/tickets/${number}`)).text);
    expect(page).toContain(`Abrimos el ticket #${number}`);
    expect(page).toContain('La troncal no marca');
    expect(page).toContain('Desde hoy no hay tono.');
    expect(textOf((await agent.get('/tickets')).text)).toContain(`#${number}`);

    const [mail, ...others] = await mailsOf(number);
    expect(others).toEqual([]);
    expect(mail.subject).toBe(`[#${number}] La troncal no marca`);
    expect(mail.to_addresses).toEqual([a.member.email]);
    expect(mail.cc_addresses).toEqual([a.owner.email]);
    expect(mail.category).toBe('support');
    const all = JSON.stringify(await mailsOf(number));
    expect(all).not.toContain('otro@soporte.test');
    expect(all).not.toContain(a.admin.email);
  });

  it('does not copy the owner on their own ticket, and never e-mails the author their own reply', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.owner.email);
    const number = /\/tickets\/(\d{6})$/.exec((await open(agent, {})).headers.location)![1];
    const [opened] = await mailsOf(number);
    expect(opened.to_addresses).toEqual([a.owner.email]);
    // The owner's ticket: the contacts who chose «Soporte» get a copy (test/requests/mail-categories.test.ts).
    expect(opened.cc_addresses).toEqual(['otro@soporte.test']);
    await submitForm(agent, `/tickets/${number}`, `/tickets/${number}/reply`, {
      message: 'Más datos: el error es 503.',
    });
    const [, reply, ...others] = await mailsOf(number);
    expect(others).toEqual([]);
    expect(reply.to_addresses).toEqual(['otro@soporte.test']);
    expect(JSON.stringify(reply)).not.toContain(a.owner.email);
  });

  it('threads replies: the opener gets every update, with In-Reply-To on the previous message', async () => {
    const a = await account();
    const memberAgent = await signIn(t.app, a.member.email);
    const number = /\/tickets\/(\d{6})$/.exec((await open(memberAgent, {})).headers.location)![1];
    const ticket = await t.db('tickets').where({ number }).first();
    await addTicketMessage(t.deps, ticket, {
      userId: null,
      email: 'soporte@cuentas.example',
      name: 'Sofía',
      kind: 'staff',
      body: 'Ya lo revisamos.',
      source: 'staff',
    });
    const [first, second] = await mailsOf(number);
    expect(second.to_addresses).toEqual([a.member.email]);
    expect(second.cc_addresses).toEqual([a.owner.email]);
    expect(second.in_reply_to).toBe(first.message_id);
    expect(second.text_body).toContain('Ya lo revisamos.');
    expect((await t.db('tickets').where({ number }).first()).status).toBe('answered');

    const ownerAgent = await signIn(t.app, a.owner.email);
    await submitForm(ownerAgent, `/tickets/${number}`, `/tickets/${number}/reply`, {
      message: 'Gracias, quedo pendiente.',
    });
    const third = (await mailsOf(number))[2];
    expect(third.to_addresses).toEqual([a.member.email]);
    expect(third.cc_addresses).toEqual([]);
    expect((await t.db('tickets').where({ number }).first()).status).toBe('customer_reply');
  });

  it("e-mails a problem report to the account's support contacts too", async () => {
    const a = await account();
    const partner = await createMember(t.db, { role: 'owner', firstName: 'Socio' });
    await createSupportContactRow(t.db, a.accountId, { partnerUserId: partner.id });
    await createSupportContactRow(t.db, a.accountId, { email: 'ti@soporte.test' });
    const number = /\/tickets\/(\d{6})$/.exec(
      (await open(await signIn(t.app, a.member.email), { problem_report: '1' })).headers.location,
    )![1];
    const reports = (await mailsOf(number)).filter((m: { template: string }) => m.template === 'problem_report');
    expect(reports.map((m: { to_addresses: string[] }) => m.to_addresses[0]).sort()).toEqual(
      [partner.email, 'ti@soporte.test'].sort(),
    );
    // Whose problem it is (issue 21): the account and its realm, the reporter, the ticket, a link.
    const { realm } = await t.db('accounts').where({ id: a.accountId }).first('realm');
    const text = (reports[0] as { text_body: string }).text_body;
    expect(text).toContain(`en la cuenta Soporte SA (${realm})`);
    expect(text).toContain(`Reportado por: Mario Usuario <${a.member.email}>`);
    expect(text).toContain(`Ticket #${number}: La troncal no marca`);
    expect(text).toContain('Desde hoy no hay tono.');
    expect(text).toContain(`/manager/accounts/${a.accountId}`);
  });

  it("keeps values and explains on 422, and refuses numbers and services outside the user's scope", async () => {
    const a = await account();
    const agent = await signIn(t.app, a.limited.email);
    const empty = await open(agent, { subject: '', message: '' });
    expect(empty.status).toBe(422);
    expect(textOf(empty.text)).toContain('Escribe el asunto.');
    expect(textOf(empty.text)).toContain('Escribe el mensaje.');
    const outside = await open(agent, { account_number: a.n2, message: 'Texto que se conserva' });
    expect(outside.status).toBe(422);
    expect(outside.text).toContain('Elige uno de tus números de cuenta.');
    expect(outside.text).toContain('Texto que se conserva');
    expect(outside.text).not.toContain(`<option value="${a.n2}"`);
  });

  it('shows each member only the tickets in their scope, and closes a ticket', async () => {
    const a = await account();
    const ownerAgent = await signIn(t.app, a.owner.email);
    const inScope = /(\d{6})$/.exec(
      (await open(ownerAgent, { account_number: a.n1, subject: 'Dentro' })).headers.location,
    )![1];
    const outOfScope = /(\d{6})$/.exec(
      (await open(ownerAgent, { account_number: a.n2, subject: 'Fuera' })).headers.location,
    )![1];
    const limitedAgent = await signIn(t.app, a.limited.email);
    const list = textOf((await limitedAgent.get('/tickets')).text);
    expect(list).toContain('Dentro');
    expect(list).not.toContain('Fuera');
    expect((await limitedAgent.get(`/tickets/${outOfScope}`)).status).toBe(404);
    expect((await limitedAgent.get(`/tickets/${inScope}`)).status).toBe(200);
    const other = await account();
    expect((await (await signIn(t.app, other.owner.email)).get(`/tickets/${inScope}`)).status).toBe(404);

    const closed = await submitForm(limitedAgent, `/tickets/${inScope}`, `/tickets/${inScope}/close`, {});
    expect(closed.status).toBe(303);
    expect((await t.db('tickets').where({ number: inScope }).first()).status).toBe('closed');
  });

  it('counts on the dashboard the same tickets the list shows a limited member', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.limited.email);
    await open(agent, { subject: 'Sin número de cuenta' });
    const list = textOf((await agent.get('/tickets')).text);
    expect(list).toContain('Sin número de cuenta');
    const tile = /<h2 class="tile__title">Tickets<\/h2>\s*<p class="tile__figure">(\d+)<\/p>/.exec(
      (await agent.get('/')).text,
    )?.[1];
    expect(tile).toBe('1');
  });

  it('stores text as sent and shows it escaped', async () => {
    const a = await account();
    const agent = await signIn(t.app, a.member.email);
    const number = /(\d{6})$/.exec(
      (await open(agent, { subject: '<b>Urgente</b>', message: '<script>alert("x")</script>' })).headers.location,
    )![1];
    const page = await agent.get(`/tickets/${number}`);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    expect(
      (
        await t
          .db('ticket_messages')
          .join('tickets', 'tickets.id', 'ticket_messages.ticket_id')
          .where('tickets.number', number)
          .first('body')
      ).body,
    ).toBe('<script>alert("x")</script>');
  });
});

describe('closing a ticket in the portal', () => {
  const numberOf = (response: { headers: Record<string, string> }) => /(\d{6})$/.exec(response.headers.location)![1];
  const closeMails = async (number: string) =>
    (await mailsOf(number)).filter((m: { template: string }) => m.template === 'ticket_closed');

  it('tells the opener when someone else closes their ticket, and offers no close button afterwards', async () => {
    const a = await account();
    const number = numberOf(await open(await signIn(t.app, a.member.email), {}));
    const ownerAgent = await signIn(t.app, a.owner.email);
    expect((await ownerAgent.get(`/tickets/${number}`)).text).toContain(`action="/tickets/${number}/close"`);
    const closed = await submitForm(ownerAgent, `/tickets/${number}`, `/tickets/${number}/close`, {});
    expect(closed.status).toBe(303);
    expect(textOf((await ownerAgent.get(`/tickets/${number}`)).text)).toContain(`Se cerró el ticket #${number}.`);

    const [mail, ...others] = await closeMails(number);
    expect(others).toEqual([]);
    expect(mail.to_addresses).toEqual([a.member.email]);
    expect(mail.cc_addresses).toEqual([]);
    expect(mail.subject).toBe(`[#${number}] La troncal no marca`);
    expect(mail.text_body).toContain(`Se cerró el ticket #${number}`);
    const page = await ownerAgent.get(`/tickets/${number}`);
    expect(page.text).not.toContain(`action="/tickets/${number}/close"`);
    expect(page.text).toContain(`action="/tickets/${number}/reply"`);
  });

  it('copies the owner when a member closes their own ticket, and only the support copy when the owner closes theirs', async () => {
    const a = await account();
    const memberAgent = await signIn(t.app, a.member.email);
    const mine = numberOf(await open(memberAgent, {}));
    await submitForm(memberAgent, `/tickets/${mine}`, `/tickets/${mine}/close`, {});
    const [notice] = await closeMails(mine);
    expect(notice.to_addresses).toEqual([a.owner.email]);
    expect(JSON.stringify(await closeMails(mine))).not.toContain(a.member.email);

    const ownerAgent = await signIn(t.app, a.owner.email);
    const theirs = numberOf(await open(ownerAgent, {}));
    await submitForm(ownerAgent, `/tickets/${theirs}`, `/tickets/${theirs}/close`, {});
    expect((await t.db('tickets').where({ number: theirs }).first()).status).toBe('closed');
    // Nobody but the owner's «Soporte» copy (test/requests/mail-categories.test.ts).
    const closing = await closeMails(theirs);
    expect(closing.map((m: { to_addresses: string[] }) => m.to_addresses)).toEqual([['otro@soporte.test']]);
  });

  it('closes once: a second submit changes, records and mails nothing', async () => {
    const a = await account();
    const number = numberOf(await open(await signIn(t.app, a.member.email), {}));
    const ownerAgent = await signIn(t.app, a.owner.email);
    const page = await ownerAgent.get(`/tickets/${number}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    for (let i = 0; i < 2; i++) {
      const response = await ownerAgent.post(`/tickets/${number}/close`).type('form').send({ _csrf: csrf });
      expect(response.status).toBe(303);
    }
    expect(await closeMails(number)).toHaveLength(1);
    const ticket = await t.db('tickets').where({ number }).first();
    expect(await t.db('audit_events').where({ action: 'ticket.closed', target_id: ticket.id })).toHaveLength(1);
  });

  it('says a ticket someone else closed first was already closed, instead of claiming to have closed it', async () => {
    const a = await account();
    const memberAgent = await signIn(t.app, a.member.email);
    const number = numberOf(await open(memberAgent, {}));
    const ownerAgent = await signIn(t.app, a.owner.email);
    // The owner has the page open, with its «Cerrar» button, when the member closes the ticket.
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await ownerAgent.get(`/tickets/${number}`)).text)![1];
    await submitForm(memberAgent, `/tickets/${number}`, `/tickets/${number}/close`, {});

    const late = await ownerAgent.post(`/tickets/${number}/close`).type('form').send({ _csrf: csrf });
    expect(late.status).toBe(303);
    const page = textOf((await ownerAgent.get(`/tickets/${number}`)).text);
    expect(page).not.toContain(`Se cerró el ticket #${number}.`);
    expect(page).toContain(`El ticket #${number} ya estaba cerrado.`);
    const ticket = await t.db('tickets').where({ number }).first();
    const closings = await t.db('audit_events').where({ action: 'ticket.closed', target_id: ticket.id });
    expect(closings.map((e: { actor_user_id: number }) => e.actor_user_id)).toEqual([a.member.id]);
  });
});

describe('the ticket list, a page at a time', () => {
  it('pages with «Siguiente» / «Anterior» links (?after= / ?before=), newest activity first, within the scope', async () => {
    const a = await account();
    const start = Date.now() - 60 * 60_000;
    // 27 tickets on the member's number, oldest first; 3 more outside it that they never see.
    for (let i = 1; i <= 27; i++)
      await createTicketRow(t.db, {
        accountId: a.accountId,
        requesterEmail: a.owner.email,
        accountNumber: a.n1,
        subject: `Asunto ${String(i).padStart(2, '0')}`,
        lastReplyAt: new Date(start + i * 60_000),
      });
    for (let i = 1; i <= 3; i++)
      await createTicketRow(t.db, {
        accountId: a.accountId,
        requesterEmail: a.owner.email,
        accountNumber: a.n2,
        subject: `Ajeno ${i}`,
        lastReplyAt: new Date(start + (10 + i) * 60_000),
      });
    const agent = await signIn(t.app, a.limited.email);
    const subjects = (html: string) => [...html.matchAll(/>(Asunto \d\d|Ajeno \d)</g)].map((m) => m[1]);
    const link = (html: string, name: string) =>
      new RegExp(`<a href="(/tickets\\?[^"]+)">[^<]*${name}[^<]*</a>`).exec(html)?.[1].replace(/&amp;/g, '&');

    const first = (await agent.get('/tickets')).text;
    expect(subjects(first)).toHaveLength(25);
    expect(subjects(first)[0]).toBe('Asunto 27');
    expect(subjects(first)[24]).toBe('Asunto 03');
    expect(link(first, 'Anterior')).toBeUndefined();
    const next = link(first, 'Siguiente')!;
    expect(next).toMatch(/^\/tickets\?after=\d+$/);

    const second = (await agent.get(next)).text;
    expect(subjects(second)).toEqual(['Asunto 02', 'Asunto 01']);
    expect(link(second, 'Siguiente')).toBeUndefined();
    const previous = link(second, 'Anterior')!;
    expect(previous).toMatch(/^\/tickets\?before=\d+$/);
    expect(subjects((await agent.get(previous)).text)).toEqual(subjects(first));

    // The owner sees all 30; a cursor from another account matches nothing.
    const ownerAgent = await signIn(t.app, a.owner.email);
    const ownerFirst = (await ownerAgent.get('/tickets')).text;
    expect(subjects(ownerFirst)).toContain('Ajeno 3');
    const other = await account();
    const foreign = await createTicketRow(t.db, { accountId: other.accountId, requesterEmail: other.owner.email });
    expect(subjects((await agent.get(`/tickets?after=${foreign.id}`)).text)).toEqual([]);
  });
});
