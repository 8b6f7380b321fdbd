import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { createAccount, createContactRow, createMember, createTicketRow } from '../helpers/factories';
import { fileInboundMail } from '../../src/services/inbound-filing';
import type { InboundMail } from '../../src/mail/inbound-parse';

/**
 * Issue 23, item 5: an agent merges a ticket into another of the same account: the messages move with
 * their dates, the merged one is closed with a link to the target, e-mail replies to either thread
 * land on the target, and both requesters are told in their language.
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
async function twoTickets() {
  const accountId = await createAccount(t.db, { name: `Fusión ${++n}` });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  await t.db('users').where({ id: owner.id }).update({ locale: 'en' });
  const contact = await createContactRow(t.db, accountId, { firstName: 'Ana', lastName: 'López' });
  const source = await createTicketRow(t.db, {
    accountId,
    requesterEmail: contact.email,
    subject: 'Sin tono (repetido)',
  });
  const target = await createTicketRow(t.db, { accountId, requesterEmail: owner.email, subject: 'Sin tono' });
  const old = new Date('2026-12-01T09:00:00Z');
  await t
    .db('ticket_messages')
    .where({ ticket_id: source.id })
    .update({ created_at: old, body: 'Mensaje del duplicado' });
  return { accountId, owner, contact, source, target, old };
}

const merge = (number: string, target: string) =>
  submitForm(staff, `/staff/tickets/${number}`, `/staff/tickets/${number}/merge`, { target });

it('moves the messages with their dates, closes the merged ticket with a link, tells both requesters', async () => {
  const { source, target, old, contact, owner } = await twoTickets();
  const merged = await merge(source.number, `#${target.number}`);
  expect(merged.status).toBe(303);
  expect(merged.headers.location).toBe(`/staff/tickets/${target.number}`);

  const moved = await t.db('ticket_messages').where({ body: 'Mensaje del duplicado' }).first();
  expect(moved.ticket_id).toBe(target.id);
  expect(moved.created_at).toEqual(old);
  const closed = await t.db('tickets').where({ id: source.id }).first();
  expect(closed).toMatchObject({ status: 'closed', merged_into_id: target.id });

  const page = await staff.get(`/staff/tickets/${source.number}`);
  expect(page.text).toContain(`href="/staff/tickets/${target.number}"`);
  expect(textOf(page.text)).toContain(`Se fusionó en #${target.number}`);
  expect(textOf((await staff.get(`/staff/tickets/${target.number}`)).text)).toContain('Mensaje del duplicado');

  const toContact = await t
    .db('mail_outbox')
    .where({ template: 'ticket_merged' })
    .whereRaw('? = ANY(to_addresses)', [contact.email])
    .first();
  expect(toContact.text_body).toContain(`#${source.number}`);
  expect(toContact.text_body).toContain('se unió al ticket');
  const toOwner = await t
    .db('mail_outbox')
    .where({ template: 'ticket_merged' })
    .whereRaw('? = ANY(to_addresses)', [owner.email])
    .first();
  expect(toOwner.text_body).toContain('was merged into ticket');

  const audit = await t.db('audit_events').where({ action: 'staff.ticket_merged', target_id: source.id }).first();
  expect(audit).toBeDefined();
});

it('files an e-mail reply to the merged ticket’s thread on the target', async () => {
  const { source, target, contact } = await twoTickets();
  const key = (await t.db('tickets').where({ id: source.id }).first()).reply_key as string;
  expect((await merge(source.number, target.number)).status).toBe(303);
  const mail: InboundMail = {
    messageId: `<merge-${Date.now()}@mail.example>`,
    fromAddress: contact.email,
    fromName: 'Ana',
    subject: `Re: [#${source.number}] Sin tono (repetido)`,
    text: `Sigue sin tono.\n\n[#${source.number}-${key}]`,
    inReplyTo: '',
    references: [],
    automatic: false,
    bounce: false,
  };
  expect(await fileInboundMail(t.deps, mail)).toEqual({ outcome: 'reply_added', ticketNumber: target.number });
  const last = await t.db('ticket_messages').where({ ticket_id: target.id }).orderBy('id', 'desc').first();
  expect(last.body).toContain('Sigue sin tono.');
});

it('refuses a ticket of another account or the ticket itself (422), and customers (403)', async () => {
  const { source, owner } = await twoTickets();
  const other = await twoTickets();
  const refused = await merge(source.number, other.target.number);
  expect(refused.status).toBe(422);
  expect(textOf(refused.text)).toContain('Elige otro ticket abierto de la misma cuenta.');
  expect((await merge(source.number, source.number)).status).toBe(422);
  expect((await t.db('tickets').where({ id: source.id }).first()).merged_into_id).toBeNull();
  const customer = await signIn(t.app, owner.email);
  expect(
    (await submitForm(customer, '/tickets', `/staff/tickets/${source.number}/merge`, { target: other.source.number }))
      .status,
  ).toBe(403);
});
