import { buildTestApp, type TestApp } from '../helpers/app';
import {
  createAccount,
  createAccountNumber,
  createContactRow,
  createMember,
  createTicketRow,
} from '../helpers/factories';
import type { MemberUser } from '../../src/current-user';
import { findInbound } from '../../src/models/inbound-messages';
import { findTicketByNumber } from '../../src/models/tickets';
import { linkSender, rejectRequest, validateContact } from '../../src/services/helpdesk';
import { fileInboundMail } from '../../src/services/inbound-filing';
import { closeTicket, openTicket, setStatus, type Actor } from '../../src/services/tickets';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const actor = (person: { id: number; email: string }, firstName = 'Prueba'): Actor => ({
  id: person.id,
  email: person.email,
  firstName,
  lastName: 'Usuario',
});

async function account() {
  const accountId = await createAccount(t.db, { name: 'Servicios SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
  const platform = await createAccount(t.db, { kind: 'platform', sections: [] });
  const agent = await createMember(t.db, { role: 'member', accountId: platform, firstName: 'Sofía' });
  return { accountId, owner, member, agent };
}

async function ticketOf(a: Awaited<ReturnType<typeof account>>, opener: { id: number; email: string }) {
  const { number } = await createTicketRow(t.db, {
    accountId: a.accountId,
    requesterEmail: opener.email,
    openedByUserId: opener.id,
    subject: 'Sin tono',
  });
  return (await findTicketByNumber(t.db, number))!;
}

const closeMails = (ticketId: number) =>
  t.db('mail_outbox').where({ ticket_id: ticketId, template: 'ticket_closed' }).orderBy('id');
const audits = (action: string, targetId: number) =>
  t.db('audit_events').where({ action, target_id: targetId }).orderBy('id');

describe('closing a ticket: one rule from either side', () => {
  it('mails the opener when a customer closes someone else’s ticket, once however often it is closed', async () => {
    const a = await account();
    const ticket = await ticketOf(a, a.member);
    expect(await closeTicket(t.deps, actor(a.owner), ticket)).toBe(true);
    expect(await closeTicket(t.deps, actor(a.owner), ticket)).toBe(false);
    const mails = await closeMails(ticket.id);
    expect(
      mails.map((m: { to_addresses: string[]; cc_addresses: string[] }) => [m.to_addresses, m.cc_addresses]),
    ).toEqual([[[a.member.email], []]]);
    expect(await audits('ticket.closed', ticket.id)).toHaveLength(1);
    expect((await findTicketByNumber(t.db, ticket.number))!.status).toBe('closed');
  });

  it('mails the opener, with the owner copied, when the helpdesk closes; other statuses mail nobody', async () => {
    const a = await account();
    const ticket = await ticketOf(a, a.member);
    await setStatus(t.deps, actor(a.agent), ticket, 'on_hold');
    expect(await closeMails(ticket.id)).toEqual([]);
    await setStatus(t.deps, actor(a.agent), ticket, 'closed');
    await setStatus(t.deps, actor(a.agent), ticket, 'closed');
    const [mail, ...again] = await closeMails(ticket.id);
    expect(again).toEqual([]);
    expect(mail.to_addresses).toEqual([a.member.email]);
    expect(mail.cc_addresses).toEqual([a.owner.email]);
    const events = await audits('staff.ticket_status', ticket.id);
    expect(events.map((e: { metadata: unknown }) => e.metadata)).toEqual([
      { from: 'open', to: 'on_hold' },
      { from: 'on_hold', to: 'closed' },
      { from: 'closed', to: 'closed' },
    ]);
  });

  it('does not tell the opener about their own closing; the owner is still copied on a member’s ticket', async () => {
    const a = await account();
    const members = await ticketOf(a, a.member);
    await closeTicket(t.deps, actor(a.member), members);
    expect((await closeMails(members.id)).map((m: { to_addresses: string[] }) => m.to_addresses)).toEqual([
      [a.owner.email],
    ]);
    const owners = await ticketOf(a, a.owner);
    await closeTicket(t.deps, actor(a.owner), owners);
    expect(await closeMails(owners.id)).toEqual([]);
  });
});

describe('opening a ticket', () => {
  it('refuses an account number outside the member’s scope and opens one within it, mailing the opener', async () => {
    const a = await account();
    const number = await createAccountNumber(t.db, a.accountId);
    const current = {
      ...actor(a.member),
      department: '',
      employeeNumber: '',
      locale: 'es',
      membership: {
        id: a.member.membershipId,
        role: 'member',
        permissions: ['tickets'],
        accountScope: 'assigned',
        defaultApp: null,
      },
      account: { id: a.accountId, kind: 'customer', name: 'Servicios SA', realm: 'x.test' },
      sections: new Set(['tickets']),
      activeMemberships: 1,
    } as MemberUser;
    const input = {
      department: 'support' as const,
      priority: 'low' as const,
      subject: 'Hola',
      message: 'Mensaje',
      account_number: number,
      service_id: '',
      problem_report: false,
    };
    expect(await openTicket(t.deps, current, input)).toEqual({
      ok: false,
      errors: { account_number: 'errors.ticket.account_number.invalid' },
    });
    const opened = await openTicket(t.deps, current, { ...input, account_number: '' });
    if (!opened.ok) throw new Error('not opened');
    const ticket = (await findTicketByNumber(t.db, opened.number))!;
    expect(ticket).toMatchObject({ requester_email: a.member.email, opened_by_user_id: a.member.id, source: 'portal' });
    const mail = await t.db('mail_outbox').where({ ticket_id: ticket.id }).first();
    expect(mail).toMatchObject({
      template: 'ticket_opened',
      to_addresses: [a.member.email],
      cc_addresses: [a.owner.email],
    });
    expect(await audits('ticket.opened', ticket.id)).toHaveLength(1);
  });
});

let sequence = 0;
const inbound = (from: string, subject: string) => ({
  messageId: `<svc-${Date.now()}-${++sequence}@mail.example>`,
  fromAddress: from,
  fromName: 'Nueva Persona',
  subject,
  text: 'Cuerpo',
  inReplyTo: '',
  references: [],
  automatic: false,
  bounce: false,
});

describe('the helpdesk’s decisions', () => {
  it('rejecting a held request records who and why, tells the sender once, and rejects the unverified contact', async () => {
    const a = await account();
    await createContactRow(t.db, a.accountId, { email: 'dudoso@cliente.test', status: 'unverified' });
    const filed = await fileInboundMail(t.deps, inbound('dudoso@cliente.test', 'Cambien el titular'));
    const held = (await findInbound(t.db, (filed as { inboundId: number }).inboundId))!;
    expect(await rejectRequest(t.deps, actor(a.agent), held, 'No está en la cuenta', { ip: '10.0.0.1' })).toEqual({
      told: true,
    });
    expect(await rejectRequest(t.deps, actor(a.agent), held, 'Otra vez', {})).toBeNull();
    const [event, ...more] = await audits('staff.request_rejected', held.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor_user_id: a.agent.id,
      account_id: a.accountId,
      target_type: 'inbound_message',
      ip: '10.0.0.1',
      metadata: { email: 'dudoso@cliente.test', note: 'No está en la cuenta' },
    });
    const mails = await t
      .db('mail_outbox')
      .where({ template: 'request_rejected' })
      .whereRaw('? = ANY(to_addresses)', ['dudoso@cliente.test']);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('No pudimos atender tu solicitud: Cambien el titular');
    expect(mails[0].in_reply_to).toBe(held.message_id);
    expect(mails[0].reply_to).toBe(t.config.supportEmail);
    expect((await findInbound(t.db, held.id))!.status).toBe('rejected');
    expect((await t.db('contacts').where({ email: 'dudoso@cliente.test' }).first()).authorization_status).toBe(
      'rejected',
    );
  });

  it('validating a contact records the note and releases their held mail as a ticket, mailed to them', async () => {
    const a = await account();
    const contact = await createContactRow(t.db, a.accountId, { email: 'retenida@cliente.test', status: 'unverified' });
    const filed = (await fileInboundMail(t.deps, inbound('retenida@cliente.test', 'Alta de línea'))) as {
      inboundId: number;
    };
    const staffContact = { id: contact.id, account_id: a.accountId, email: contact.email };
    const numbers = await validateContact(t.deps, actor(a.agent), staffContact, 'Llamada al propietario');
    expect(numbers).toHaveLength(1);
    const ticket = (await findTicketByNumber(t.db, numbers[0]))!;
    expect(ticket).toMatchObject({
      account_id: a.accountId,
      requester_email: 'retenida@cliente.test',
      subject: 'Alta de línea',
    });
    expect(await findInbound(t.db, filed.inboundId)).toMatchObject({ status: 'filed', ticket_id: ticket.id });
    const opened = await t.db('mail_outbox').where({ ticket_id: ticket.id, template: 'ticket_opened' }).first();
    expect(opened.to_addresses).toEqual(['retenida@cliente.test']);
    expect(await t.db('contacts').where({ id: contact.id }).first()).toMatchObject({
      authorization_status: 'authorized',
      validation_note: 'Llamada al propietario',
      validated_by_user_id: a.agent.id,
    });
    expect(await audits('staff.contact_validated', contact.id)).toHaveLength(1);
    // Nothing is held any more: validating again releases nothing.
    expect(await validateContact(t.deps, actor(a.agent), staffContact, 'Otra vez')).toEqual([]);
  });

  it('linking an unknown sender adds them as an unverified contact of the account named, and nothing else', async () => {
    const a = await account();
    const number = await createAccountNumber(t.db, a.accountId);
    const filed = (await fileInboundMail(t.deps, inbound('quien@fuera.test', 'Hola'))) as { inboundId: number };
    const held = (await findInbound(t.db, filed.inboundId))!;
    expect(await linkSender(t.deps, actor(a.agent), held, 'no.existe.test')).toEqual({
      ok: false,
      errors: { account: 'errors.staff.account.unknown' },
    });
    expect(await linkSender(t.deps, actor(a.agent), held, number)).toEqual({ ok: true });
    expect(await t.db('contacts').where({ email: 'quien@fuera.test' })).toMatchObject([
      { account_id: a.accountId, authorization_status: 'unverified', first_name: 'Nueva', last_name: 'Persona' },
    ]);
    expect((await findInbound(t.db, held.id))!.status).toBe('held');
    expect(await audits('staff.request_linked', held.id)).toHaveLength(1);
  });
});
