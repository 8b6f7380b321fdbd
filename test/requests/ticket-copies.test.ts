import { simpleParser } from 'mailparser';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createContactRow,
  createMember,
  createTicketRow,
  limitMemberToNumbers,
} from '../helpers/factories';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import type { InboundMail } from '../../src/mail/inbound-parse';
import { REPLY_MARKER } from '../../src/mail/reply-text';
import { fileInboundMail } from '../../src/services/inbound-filing';

/**
 * Issue 23, item 5: «Personas en copia». The customer or an agent puts contacts of the ticket's
 * account in copy; they receive the ticket's mail from then on, may answer by e-mail under the same
 * rules as anyone (an unauthorized one is held), are listed and can be removed; merges move them.
 */
let t: TestApp;
let sink: SmtpSink;
let staff: Agent;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ smtpUrl: sink.url });
  const platform = await createAccount(t.db, { kind: 'platform', name: 'Plataforma', sections: [] });
  staff = await signIn(t.app, (await createMember(t.db, { role: 'member', accountId: platform })).email);
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

let n = 0;
async function setUp() {
  const i = ++n;
  const accountId = await createAccount(t.db, { name: `Copias ${i}` });
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Mario' });
  const ana = await createContactRow(t.db, accountId, {
    firstName: 'Ana',
    lastName: 'López',
    email: `ana-${i}@copias.test`,
  });
  const nico = await createContactRow(t.db, accountId, {
    firstName: 'Nico',
    lastName: 'Nuevo',
    email: `nico-${i}@copias.test`,
    status: 'unverified',
  });
  const ticket = await createTicketRow(t.db, {
    accountId,
    requesterEmail: member.email,
    openedByUserId: member.id,
    subject: 'Sin tono',
  });
  return { accountId, owner, member, ana, nico, ticket };
}

const addCopy = (agent: Agent, page: string, email: string) => submitForm(agent, page, `${page}/copies`, { email });
const removeCopy = (agent: Agent, page: string, contactId: number) =>
  submitForm(agent, page, `${page}/copies/${contactId}/delete`, {});
const copiesSection = (html: string) => {
  const start = html.indexOf('id="copies"');
  return start < 0 ? '' : textOf(html.slice(start, html.indexOf('</section>', start)));
};
const copiedIds = async (ticketId: number) =>
  (await t.db('ticket_copies').where({ ticket_id: ticketId }).orderBy('id').select('contact_id')).map(
    (r: { contact_id: number }) => r.contact_id,
  );

describe('adding and removing copies', () => {
  it('lets a customer put a contact of the account in copy, lists it, removes it; both in the history', async () => {
    const { owner, ana, ticket } = await setUp();
    const agent = await signIn(t.app, owner.email);
    const page = `/tickets/${ticket.number}`;
    expect(copiesSection((await agent.get(page)).text)).toContain('Nadie está en copia.');

    const added = await addCopy(agent, page, ` ${ana.email.toUpperCase()} `);
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(page);
    const shown = await agent.get(page);
    expect(textOf(shown.text)).toContain('Ana López está en copia: recibirá los correos de este ticket.');
    expect(copiesSection(shown.text)).toContain(`Ana López · ${ana.email}`);
    expect(shown.text).toContain(`action="${page}/copies/${ana.id}/delete"`);
    const audit = await t.db('audit_events').where({ action: 'ticket.copy_added', target_id: ticket.id }).first();
    expect(audit).toMatchObject({ actor_user_id: owner.id, metadata: expect.objectContaining({ email: ana.email }) });

    const removed = await removeCopy(agent, page, ana.id);
    expect(removed.status).toBe(303);
    const after = await agent.get(page);
    expect(textOf(after.text)).toContain('Ana López ya no está en copia.');
    expect(copiesSection(after.text)).not.toContain(ana.email);
    expect(await copiedIds(ticket.id)).toEqual([]);

    const history = await staff.get(`/staff/tickets/${ticket.number}`);
    const listed = textOf(history.text.slice(history.text.indexOf('id="history-title"')));
    expect(listed).toContain(`Olga Usuario puso en copia a Ana López (${ana.email})`);
    expect(listed).toContain(`Olga Usuario quitó de la copia a Ana López (${ana.email})`);
  });

  it('answers 422 beside the field, the address kept, for what is no contact of the account (another account’s neither), the requester, a copy already there', async () => {
    const { accountId, member, ana, ticket } = await setUp();
    const otherAccount = await createAccount(t.db, { name: 'Otra Empresa' });
    const stranger = await createContactRow(t.db, otherAccount, { firstName: 'Ajena', lastName: 'Persona' });
    const agent = await signIn(t.app, member.email);
    const page = `/tickets/${ticket.number}`;

    for (const [email, message] of [
      [stranger.email, 'Ningún contacto de esta cuenta tiene ese correo.'],
      ['nadie@copias.test', 'Ningún contacto de esta cuenta tiene ese correo.'],
      [member.email, 'Es quien abrió el ticket: ya recibe sus correos.'],
      ['no-es-un-correo', 'Escribe un correo electrónico válido'],
      ['', 'Escribe el correo del contacto.'],
    ]) {
      const refused = await addCopy(agent, page, email);
      expect(refused.status).toBe(422);
      const field = refused.text.slice(refused.text.indexOf('id="copies"'));
      expect(textOf(field)).toContain(message);
      expect(field).toContain(`value="${email}"`);
      expect(field).toContain('aria-invalid="true"');
    }
    // Nothing about the other account's contact shows: not its name, not that it exists.
    const refused = await addCopy(agent, page, stranger.email);
    expect(textOf(refused.text)).not.toContain('Ajena');

    expect((await addCopy(agent, page, ana.email)).status).toBe(303);
    const twice = await addCopy(agent, page, ana.email);
    expect(twice.status).toBe(422);
    expect(textOf(twice.text)).toContain('Ese contacto ya está en copia.');
    expect(await copiedIds(ticket.id)).toEqual([ana.id]);
    expect(await t.db('audit_events').where({ action: 'ticket.copy_added', account_id: accountId })).toHaveLength(1);
  });

  it('lets the helpdesk add and remove copies; a customer cannot use the console’s routes', async () => {
    const { owner, ana, ticket } = await setUp();
    const page = `/staff/tickets/${ticket.number}`;
    const added = await addCopy(staff, page, ana.email);
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(page);
    expect(copiesSection((await staff.get(page)).text)).toContain(`Ana López · ${ana.email}`);

    const customer = await signIn(t.app, owner.email);
    const forbidden = await submitForm(customer, '/tickets', `${page}/copies/${ana.id}/delete`, {});
    expect(forbidden.status).toBe(403);
    expect((await submitForm(customer, '/tickets', `${page}/copies`, { email: ana.email })).status).toBe(403);

    expect((await removeCopy(staff, page, ana.id)).status).toBe(303);
    expect(await copiedIds(ticket.id)).toEqual([]);
    const audit = await t.db('audit_events').where({ action: 'ticket.copy_removed', target_id: ticket.id }).first();
    expect(audit).toBeDefined();
  });

  it('is a 404 for another account’s contact or ticket, and follows the account-number scope', async () => {
    const { accountId, owner, ana, ticket } = await setUp();
    const other = await setUp();
    const agent = await signIn(t.app, owner.email);
    const page = `/tickets/${ticket.number}`;
    // Another account's copied contact, through this ticket: not found (from the portal and the console).
    expect((await addCopy(staff, `/staff/tickets/${other.ticket.number}`, other.ana.email)).status).toBe(303);
    expect((await removeCopy(agent, page, other.ana.id)).status).toBe(404);
    expect((await removeCopy(staff, `/staff/tickets/${ticket.number}`, other.ana.id)).status).toBe(404);
    // Another account's ticket: not found.
    const foreign = await submitForm(agent, page, `/tickets/${other.ticket.number}/copies`, { email: ana.email });
    expect(foreign.status).toBe(404);
    expect(await copiedIds(other.ticket.id)).toEqual([other.ana.id]);

    // A member limited to other account numbers does not see the ticket: not found.
    const [n1, n2] = [await createAccountNumber(t.db, accountId), await createAccountNumber(t.db, accountId)];
    const limited = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    await limitMemberToNumbers(t.db, limited.membershipId, [n1]);
    const numbered = await createTicketRow(t.db, { accountId, requesterEmail: owner.email, accountNumber: n2 });
    const limitedAgent = await signIn(t.app, limited.email);
    const hidden = await submitForm(limitedAgent, '/tickets', `/tickets/${numbered.number}/copies`, {
      email: ana.email,
    });
    expect(hidden.status).toBe(404);
    // A member without `tickets` is refused before anything is looked up.
    const billing = await createMember(t.db, { role: 'member', permissions: ['invoices'], accountId });
    const billingAgent = await signIn(t.app, billing.email);
    expect((await submitForm(billingAgent, '/invoices', `${page}/copies`, { email: ana.email })).status).toBe(403);
    expect(await copiedIds(numbered.id)).toEqual([]);
    expect(await copiedIds(ticket.id)).toEqual([]);
  });
});

describe('mail to the people in copy', () => {
  const mailsOf = (ticketId: number, since: number) =>
    t
      .db('mail_outbox')
      .where({ ticket_id: ticketId })
      .where('id', '>', since)
      .orderBy('id')
      .select('id', 'template', 'to_addresses', 'cc_addresses', 'subject', 'text_body', 'message_id');
  const lastId = async () => Number((await t.db('mail_outbox').max('id as id').first())?.id ?? 0);
  const recipientsOf = (rows: { to_addresses: string[]; cc_addresses: string[] | null }[]) =>
    rows.flatMap((r) => [...r.to_addresses, ...(r.cc_addresses ?? [])]).sort();

  it('sends every later update to each copy once, in their language, through the outbox and SMTP; a removed copy gets no more', async () => {
    const { accountId, owner, member, ana, ticket } = await setUp();
    // Ana has no login: the account's language. The owner is in copy too, and CC'd anyway: once.
    await t.db('accounts').where({ id: accountId }).update({ locale: 'en' });
    const ownerContact = await createContactRow(t.db, accountId, { email: owner.email, firstName: 'Olga' });
    const page = `/staff/tickets/${ticket.number}`;
    expect((await addCopy(staff, page, ana.email)).status).toBe(303);
    expect((await addCopy(staff, page, owner.email)).status).toBe(303);
    expect(await copiedIds(ticket.id)).toEqual([ana.id, ownerContact.id]);

    let since = await lastId();
    const reply = await submitForm(staff, page, `${page}/reply`, { message: 'Ya revisamos la troncal.' });
    expect(reply.status).toBe(303);
    const replies = await mailsOf(ticket.id, since);
    expect(recipientsOf(replies)).toEqual([ana.email, member.email, owner.email].sort());
    const toAna = replies.find((r) => r.to_addresses.includes(ana.email))!;
    expect(toAna.to_addresses).toEqual([ana.email]);
    expect(toAna.template).toBe('ticket_reply');
    expect(toAna.subject).toBe(`[#${ticket.number}] Sin tono`);
    expect(toAna.text_body.startsWith(REPLY_MARKER)).toBe(true);
    expect(toAna.text_body).toContain(`There is a new reply on ticket #${ticket.number}`);
    expect(toAna.text_body).toContain('Ya revisamos la troncal.');

    await t.deps.mailer.deliverDue();
    const delivered = sink.received.find((m) => m.raw.includes(toAna.message_id));
    expect(delivered?.to).toEqual([ana.email]);
    const parsed = await simpleParser(delivered!.raw);
    expect(parsed.subject).toBe(`[#${ticket.number}] Sin tono`);

    // The customer's own reply: to the copies, never back to its author.
    since = await lastId();
    const customer = await signIn(t.app, member.email);
    const customerPage = `/tickets/${ticket.number}`;
    expect((await submitForm(customer, customerPage, `${customerPage}/reply`, { message: 'Gracias.' })).status).toBe(
      303,
    );
    expect(recipientsOf(await mailsOf(ticket.id, since))).toEqual([ana.email, owner.email].sort());

    // Closing mails them too.
    since = await lastId();
    expect((await submitForm(staff, page, `${page}/status`, { status: 'closed' })).status).toBe(303);
    const closed = await mailsOf(ticket.id, since);
    expect(closed.map((r) => r.template)).toEqual(closed.map(() => 'ticket_closed'));
    expect(recipientsOf(closed)).toEqual([ana.email, member.email, owner.email].sort());

    // Removed from the copy: nothing more.
    expect((await removeCopy(staff, page, ana.id)).status).toBe(303);
    since = await lastId();
    expect((await submitForm(staff, page, `${page}/reply`, { message: 'Lo reabrimos.' })).status).toBe(303);
    expect(recipientsOf(await mailsOf(ticket.id, since))).toEqual([member.email, owner.email].sort());
  });
});

describe('replies by e-mail from the people in copy', () => {
  const replyFrom = async (email: string, ticket: { id: number; number: string }, text: string) => {
    const { reply_key: key } = await t.db('tickets').where({ id: ticket.id }).first('reply_key');
    const mail: InboundMail = {
      messageId: `<copia-${Date.now()}-${Math.random()}@copias.test>`,
      fromAddress: email,
      fromName: '',
      subject: `Re: [#${ticket.number}] Sin tono`,
      text: `${text}\n\n[#${ticket.number}-${key as string}]`,
      inReplyTo: '',
      references: [],
      automatic: false,
      bounce: false,
    };
    return fileInboundMail(t.deps, mail);
  };

  it('files the reply of an authorized contact in copy, and holds an unverified one’s: being in copy authorizes nobody', async () => {
    const { ana, nico, ticket } = await setUp();
    const page = `/staff/tickets/${ticket.number}`;
    // Not on the ticket yet: held, as today.
    expect(await replyFrom(ana.email, ticket, 'Antes de estar en copia.')).toMatchObject({
      outcome: 'held',
      reason: 'not_authorized_for_ticket',
    });

    expect((await addCopy(staff, page, ana.email)).status).toBe(303);
    expect((await addCopy(staff, page, nico.email)).status).toBe(303);
    expect(await replyFrom(ana.email, ticket, 'Aquí Ana, en copia.')).toEqual({
      outcome: 'reply_added',
      ticketNumber: ticket.number,
    });
    const last = await t.db('ticket_messages').where({ ticket_id: ticket.id }).orderBy('id', 'desc').first();
    expect(last).toMatchObject({ author_email: ana.email, author_name: 'Ana López', source: 'email' });
    expect(last.body).toContain('Aquí Ana, en copia.');

    expect(await replyFrom(nico.email, ticket, 'Aquí Nico, en copia.')).toMatchObject({
      outcome: 'held',
      reason: 'unverified_sender',
    });
    const held = await t.db('inbound_messages').where({ from_email: nico.email }).first();
    expect(held).toMatchObject({ status: 'held', ticket_id: ticket.id });

    // Removed from the copy: held again.
    expect((await removeCopy(staff, page, ana.id)).status).toBe(303);
    expect(await replyFrom(ana.email, ticket, 'Después de salir.')).toMatchObject({
      outcome: 'held',
      reason: 'not_authorized_for_ticket',
    });
  });
});

describe('merging tickets', () => {
  it('moves the copies of the merged ticket to the one that stays, once each', async () => {
    const { accountId, owner, ana, nico, ticket: target } = await setUp();
    const bea = await createContactRow(t.db, accountId, { firstName: 'Bea', lastName: 'Bravo' });
    const ownerContact = await createContactRow(t.db, accountId, { email: owner.email, firstName: 'Olga' });
    const source = await createTicketRow(t.db, {
      accountId,
      requesterEmail: bea.email,
      subject: 'Sin tono (otra vez)',
    });
    const targetPage = `/staff/tickets/${target.number}`;
    const sourcePage = `/staff/tickets/${source.number}`;
    expect((await addCopy(staff, targetPage, ana.email)).status).toBe(303);
    for (const email of [ana.email, nico.email, owner.email])
      expect((await addCopy(staff, sourcePage, email)).status).toBe(303);

    const since = Number((await t.db('mail_outbox').max('id as id').first())?.id ?? 0);
    const merged = await submitForm(staff, sourcePage, `${sourcePage}/merge`, { target: target.number });
    expect(merged.status).toBe(303);
    expect(await copiedIds(source.id)).toEqual([]);
    expect(await copiedIds(target.id)).toEqual([ana.id, nico.id, ownerContact.id]);
    expect(copiesSection((await staff.get(targetPage)).text)).toContain(`Nico Nuevo · ${nico.email}`);
    // Everyone in copy is told of the merge too, once each.
    const told = (await t.db('mail_outbox').where('id', '>', since).where({ template: 'ticket_merged' })).flatMap(
      (r: { to_addresses: string[] }) => r.to_addresses,
    );
    expect(told.sort()).toEqual([ana.email, bea.email, nico.email, owner.email, await requesterOf(target.id)].sort());
  });

  const requesterOf = async (ticketId: number): Promise<string> => {
    const row: { requester_email: string } = await t.db('tickets').where({ id: ticketId }).first('requester_email');
    return row.requester_email;
  };
});
