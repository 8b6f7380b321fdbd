import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createContactRow,
  createMember,
  createTicketRow,
  realmOf,
} from '../helpers/factories';
import { lastMail } from '../helpers/mail';
import { fileInboundMail } from '../../src/services/inbound-filing';
import type { InboundMail } from '../../src/mail/inbound-parse';

let t: TestApp;
let staffAgent: Agent;
let staffEmail: string;
beforeAll(async () => {
  t = await buildTestApp();
  const platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  const agent = await createMember(t.db, { role: 'member', accountId: platform, firstName: 'Sofía' });
  staffEmail = agent.email;
  staffAgent = await signIn(t.app, agent.email);
});
afterAll(() => t.close());

let n = 0;
const mail = (from: string, subject: string, text = 'Cuerpo del mensaje'): InboundMail => ({
  messageId: `<h-${Date.now()}-${++n}@mail.example>`,
  fromAddress: from,
  fromName: 'Remitente',
  subject,
  text,
  inReplyTo: '',
  references: [],
  automatic: false,
  bounce: false,
});

async function customer() {
  const accountId = await createAccount(t.db, { name: `Cliente ${++n}` });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Mario' });
  return {
    accountId,
    owner,
    member,
    realm: await realmOf(t.db, accountId),
    number: await createAccountNumber(t.db, accountId),
  };
}

async function openAs(agent: Agent) {
  const response = await submitForm(agent, '/tickets/new', '/tickets/new', {
    department: 'support',
    priority: 'medium',
    subject: 'Sin tono',
    message: 'No hay tono desde hoy.',
  });
  return /(\d{6})$/.exec(response.headers.location)![1];
}

describe('the console', () => {
  it('lands staff on the queue, with held requests and open tickets, filtered', async () => {
    const c = await customer();
    const number = await openAs(await signIn(t.app, c.member.email));
    await fileInboundMail(t.deps, mail('nadie@fuera.test', 'Quiero cancelar'));
    expect((await staffAgent.get('/')).headers.location).toBe('/staff');
    const queue = textOf((await staffAgent.get('/staff')).text);
    expect(queue).toContain('Solicitudes retenidas');
    expect(queue).toContain('Quiero cancelar');
    expect(queue).toContain('Remitente desconocido');
    expect(queue).toContain(`#${number}`);
    const billing = textOf((await staffAgent.get('/staff?department=billing')).text);
    expect(billing).not.toContain(`#${number}`);
    expect(textOf((await staffAgent.get(`/staff?account=${encodeURIComponent(c.realm)}`)).text)).toContain(
      `#${number}`,
    );
    expect((await (await signIn(t.app, c.owner.email)).get('/staff')).status).toBe(403);
  });

  it("shows the requester's authorization, replies by e-mail with the CC rules, and keeps internal notes inside", async () => {
    const c = await customer();
    const memberAgent = await signIn(t.app, c.member.email);
    const number = await openAs(memberAgent);
    const page = textOf((await staffAgent.get(`/staff/tickets/${number}`)).text);
    expect(page).toContain(`${c.member.email} Autorizado`);

    await submitForm(staffAgent, `/staff/tickets/${number}`, `/staff/tickets/${number}/reply`, {
      message: 'Revisamos la troncal; ya hay tono.',
    });
    const reply = await lastMail(t.db, 'ticket_reply', c.member.email);
    expect(reply.cc_addresses).toEqual([c.owner.email]);
    expect(reply.subject).toBe(`[#${number}] Sin tono`);
    await submitForm(staffAgent, `/staff/tickets/${number}`, `/staff/tickets/${number}/reply`, {
      message: 'Nota: el cliente llamó dos veces.',
      internal: '1',
    });
    const customerView = textOf((await memberAgent.get(`/tickets/${number}`)).text);
    expect(customerView).toContain('Revisamos la troncal; ya hay tono.');
    expect(customerView).not.toContain('el cliente llamó dos veces');
    expect(
      await t
        .db('mail_outbox')
        .where({ template: 'ticket_reply' })
        .whereRaw('text_body LIKE ?', ['%llamó dos veces%'])
        .first(),
    ).toBeUndefined();
    expect((await t.db('tickets').where({ number }).first()).status).toBe('answered');

    await submitForm(staffAgent, `/staff/tickets/${number}`, `/staff/tickets/${number}/status`, { status: 'closed' });
    expect((await t.db('tickets').where({ number }).first()).status).toBe('closed');
    expect(await lastMail(t.db, 'ticket_closed', c.member.email)).toBeDefined();
    expect(
      await t
        .db('audit_events')
        .where({
          action: 'staff.ticket_status',
          actor_user_id: (await t.db('users').where({ email: staffEmail }).first()).id,
        })
        .first(),
    ).toBeDefined();
  });
});

describe('validating who asks', () => {
  it('validates an unverified contact with a note, which files their held requests as tickets', async () => {
    const c = await customer();
    const contact = await createContactRow(t.db, c.accountId, {
      firstName: 'Luis',
      lastName: 'Pérez',
      email: 'luis@cliente.test',
      status: 'unverified',
    });
    const held = await fileInboundMail(t.deps, mail('luis@cliente.test', 'Alta de dos líneas'));
    expect(held).toMatchObject({ outcome: 'held', reason: 'unverified_sender' });
    const request = textOf((await staffAgent.get(`/staff/requests/${(held as { inboundId: number }).inboundId}`)).text);
    expect(request).toContain('luis@cliente.test No verificado');

    const noNote = await submitForm(staffAgent, '/staff', `/staff/contacts/${contact.id}/validate`, { note: '' });
    expect((await staffAgent.get(noNote.headers.location)).text).toContain('Escribe cómo validaste al contacto.');
    await submitForm(staffAgent, '/staff', `/staff/contacts/${contact.id}/validate`, {
      note: 'Llamada al propietario',
      return_to: '/staff',
    });
    const row = await t.db('contacts').where({ id: contact.id }).first();
    expect(row).toMatchObject({ authorization_status: 'authorized', validation_note: 'Llamada al propietario' });
    expect(row.validated_at).not.toBeNull();
    const ticket = await t
      .db('tickets')
      .where({ requester_email: 'luis@cliente.test', account_id: c.accountId })
      .first();
    expect(ticket.subject).toBe('Alta de dos líneas');
    expect(
      (
        await t
          .db('inbound_messages')
          .where({ id: (held as { inboundId: number }).inboundId })
          .first()
      ).status,
    ).toBe('filed');
    expect(
      await t.db('audit_events').where({ action: 'staff.contact_validated', target_id: contact.id }).first(),
    ).toBeDefined();
  });

  it('ties an unknown sender to an account by realm or number, then validates them', async () => {
    const c = await customer();
    const held = (await fileInboundMail(t.deps, mail('nueva@cliente.test', 'Soy la nueva gerente'))) as {
      inboundId: number;
    };
    const wrong = await submitForm(
      staffAgent,
      `/staff/requests/${held.inboundId}`,
      `/staff/requests/${held.inboundId}/link`,
      { account: 'no.existe.test' },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('No encontramos una cuenta de cliente');
    await submitForm(staffAgent, `/staff/requests/${held.inboundId}`, `/staff/requests/${held.inboundId}/link`, {
      account: c.number,
    });
    const contact = await t.db('contacts').where({ account_id: c.accountId, email: 'nueva@cliente.test' }).first();
    expect(contact.authorization_status).toBe('unverified');
    await submitForm(staffAgent, `/staff/requests/${held.inboundId}`, `/staff/contacts/${contact.id}/validate`, {
      note: 'Correo del propietario confirmándola',
    });
    expect(await t.db('tickets').where({ requester_email: 'nueva@cliente.test' }).first()).toBeDefined();
  });

  it('rejects a request: the sender is told an authorized person must ask, and later mail stays held', async () => {
    const c = await customer();
    await createContactRow(t.db, c.accountId, {
      firstName: 'Raro',
      lastName: 'X',
      email: 'raro@cliente.test',
      status: 'unverified',
    });
    const held = (await fileInboundMail(t.deps, mail('raro@cliente.test', 'Transfieran la cuenta'))) as {
      inboundId: number;
    };
    const rejected = await submitForm(
      staffAgent,
      `/staff/requests/${held.inboundId}`,
      `/staff/requests/${held.inboundId}/reject`,
      { note: 'No aparece en la cuenta' },
    );
    expect(rejected.status).toBe(303);
    expect((await t.db('inbound_messages').where({ id: held.inboundId }).first()).status).toBe('rejected');
    const told = await lastMail(t.db, 'request_rejected', 'raro@cliente.test');
    expect(told.text_body).toContain('persona autorizada');
    expect((await t.db('contacts').where({ email: 'raro@cliente.test' }).first()).authorization_status).toBe(
      'rejected',
    );
    expect(await fileInboundMail(t.deps, mail('raro@cliente.test', 'Otra vez'))).toMatchObject({
      outcome: 'held',
      reason: 'rejected_sender',
    });
  });
});

describe('looking up accounts', () => {
  it("finds an account by name, realm, account number or a contact's e-mail, with its contacts' status", async () => {
    const c = await customer();
    await createContactRow(t.db, c.accountId, {
      firstName: 'Busca',
      lastName: 'Me',
      email: 'buscame@cliente.test',
      status: 'unverified',
    });
    const name = (await t.db('accounts').where({ id: c.accountId }).first('name')).name;
    for (const q of [name, c.realm, c.number, 'buscame@cliente.test']) {
      const found = await staffAgent.get(`/staff/accounts?q=${encodeURIComponent(q)}`);
      expect(found.text).toContain(`href="/staff/accounts/${c.accountId}"`);
    }
    const page = textOf((await staffAgent.get(`/staff/accounts/${c.accountId}`)).text);
    expect(page).toContain('buscame@cliente.test');
    expect(page).toContain('No verificado');
    expect((await staffAgent.get('/staff/accounts/999999999')).status).toBe(404);
  });
});

describe('the queue, a page at a time', () => {
  it('pages with ?after= / ?before= and keeps the filters in the links', async () => {
    const c = await customer();
    const start = Date.now() - 2 * 60 * 60_000;
    for (let i = 1; i <= 27; i++)
      await createTicketRow(t.db, {
        accountId: c.accountId,
        requesterEmail: c.member.email,
        department: 'sales',
        subject: `Venta ${String(i).padStart(2, '0')}`,
        lastReplyAt: new Date(start + i * 60_000),
      });
    await createTicketRow(t.db, {
      accountId: c.accountId,
      requesterEmail: c.member.email,
      department: 'billing',
      subject: 'Venta que no es de ventas',
    });
    const filter = `department=sales&account=${encodeURIComponent(c.realm)}`;
    const subjects = (html: string) => [...html.matchAll(/>(Venta \d\d|Venta que no es de ventas)</g)].map((m) => m[1]);
    const link = (html: string, name: string) =>
      new RegExp(`<a href="(/staff\\?[^"]+)">[^<]*${name}[^<]*</a>`).exec(html)?.[1].replace(/&amp;/g, '&');

    const first = (await staffAgent.get(`/staff?${filter}`)).text;
    expect(subjects(first)).toHaveLength(25);
    expect(subjects(first)[0]).toBe('Venta 27');
    const next = link(first, 'Siguiente')!;
    expect(next).toMatch(new RegExp(`^/staff\\?department=sales&account=${encodeURIComponent(c.realm)}&after=\\d+$`));
    const second = (await staffAgent.get(next)).text;
    expect(subjects(second)).toEqual(['Venta 02', 'Venta 01']);
    const previous = link(second, 'Anterior')!;
    expect(previous).toContain('department=sales');
    expect(previous).toMatch(/before=\d+$/);
    expect(subjects((await staffAgent.get(previous)).text)).toEqual(subjects(first));
  });
});

describe('rejecting twice', () => {
  it('writes to the sender once', async () => {
    const held = (await fileInboundMail(t.deps, mail('dos.veces@fuera.test', 'Doble'))) as { inboundId: number };
    const page = await staffAgent.get(`/staff/requests/${held.inboundId}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    for (let i = 0; i < 2; i++)
      expect(
        (await staffAgent.post(`/staff/requests/${held.inboundId}/reject`).type('form').send({ _csrf: csrf, note: '' }))
          .status,
      ).toBe(303);
    expect(
      await t
        .db('mail_outbox')
        .where({ template: 'request_rejected' })
        .whereRaw("'dos.veces@fuera.test' = ANY(to_addresses)"),
    ).toHaveLength(1);
    expect(
      await t.db('audit_events').where({ action: 'staff.request_rejected', target_id: held.inboundId }),
    ).toHaveLength(1);
  });
});
