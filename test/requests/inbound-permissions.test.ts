import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createContactRow,
  createMember,
  createMembership,
  createTicketRow,
  createUser,
  limitMemberToNumbers,
} from '../helpers/factories';
import { dkimKey, dkimSigned, rawMessage, testDns } from '../helpers/mail-auth';
import { deliverRaw } from '../helpers/smtp-client';
import type { InboundSmtp } from '../../src/mail/inbound-server';
import { startTestInbound } from '../helpers/inbound';
import type { Section } from '../../src/domain/permissions';

/**
 * Issue 10 item 4 and the permission matrix over the mail path: every kind of sender × (new
 * ticket, reply to their own ticket, reply to someone else's), delivered to the real SMTP
 * listener, filed or held exactly as the portal would let them act.
 */

const SUPPORT = 'ayuda@cuentas.example';
// The owner's domain sends only from its own server and signs with DKIM; loopback is not in its SPF.
const ownerKey = dkimKey('abc.example');
let t: TestApp;
let smtp: InboundSmtp;

beforeAll(async () => {
  t = await buildTestApp({
    dnsResolver: testDns({
      'abc.example': ['v=spf1 ip4:192.0.2.25 -all'],
      '_dmarc.abc.example': ['v=DMARC1; p=reject'],
      ...ownerKey.dns,
    }),
  });
  smtp = await startTestInbound(t);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

type Outcome = 'filed' | `held:${string}`;
type Action = 'new' | 'own' | 'other';

interface Sender {
  email: string;
  userId: number | null;
  /** Signs with the owner domain's DKIM key (the real owner), or not (anyone using the address). */
  signed?: boolean;
  /** A portal user who can sign in: the portal's answer is compared with the mail's. */
  portal?: boolean;
  /** The account number of their own ticket (a limited member follows the tickets they opened). */
  ownNumber?: string;
}

async function world() {
  const accountId = await createAccount(t.db, { name: 'ABC Company' });
  const [n1, n2] = [await createAccountNumber(t.db, accountId), await createAccountNumber(t.db, accountId)];
  const member = async (email: string | undefined, role: 'owner' | 'admin' | 'member', permissions: Section[] = []) =>
    createMember(t.db, { role, permissions, accountId, email });
  const owner = await member(`propietario.${Date.now()}@abc.example`, 'owner');
  const admin = await member(undefined, 'admin');
  const withTickets = await member(undefined, 'member', ['tickets']);
  const withoutTickets = await member(undefined, 'member', ['services']);
  const limited = await member(undefined, 'member', ['tickets']);
  await limitMemberToNumbers(t.db, limited.membershipId, [n1]);
  const blockedUser = await createUser(t.db);
  await createMembership(t.db, blockedUser.id, accountId, { role: 'member', permissions: ['tickets'], blocked: true });
  // Every portal user also has a contact record, authorized: the membership must still decide.
  for (const u of [owner, admin, withTickets, withoutTickets, limited, blockedUser])
    await createContactRow(t.db, accountId, { email: u.email });
  const contact = await createContactRow(t.db, accountId);
  const unverified = await createContactRow(t.db, accountId, { status: 'unverified' });

  const senders: Record<string, Sender> = {
    owner: { email: owner.email, userId: owner.id, signed: true, portal: true },
    admin: { email: admin.email, userId: admin.id, portal: true },
    'member with tickets': { email: withTickets.email, userId: withTickets.id, portal: true },
    'member without tickets': { email: withoutTickets.email, userId: withoutTickets.id, portal: true },
    'limited member': { email: limited.email, userId: limited.id, portal: true, ownNumber: n2 },
    'blocked member': { email: blockedUser.email, userId: blockedUser.id },
    'authorized contact': { email: contact.email, userId: null },
    'unverified contact': { email: unverified.email, userId: null },
    stranger: { email: `extrano.${Date.now()}@fuera.test`, userId: null },
    'spoofed owner': { email: owner.email, userId: owner.id, signed: false },
  };
  // Someone else's ticket: the admin's, on a number outside the limited member's.
  const other = await createTicketRow(t.db, {
    accountId,
    requesterEmail: admin.email,
    openedByUserId: admin.id,
    accountNumber: n2,
  });
  return { accountId, senders, other };
}

let sequence = 0;
async function send(sender: Sender, subject: string): Promise<Outcome> {
  sequence += 1;
  const messageId = `<matrix-${Date.now()}-${sequence}@mail.test>`;
  let raw = rawMessage({ from: sender.email, to: SUPPORT, subject, text: `Mensaje ${sequence}`, messageId });
  if (sender.signed) raw = await dkimSigned(raw, ownerKey);
  const answer = await deliverRaw(smtp.port, { from: sender.email, to: SUPPORT }, raw);
  expect(answer).toMatch(/^250/);
  const row = await t.db('inbound_messages').where({ message_id: messageId }).first();
  return row.status === 'filed' ? 'filed' : `held:${row.hold_reason as string}`;
}

async function tag(ticketId: number): Promise<string> {
  const ticket = await t.db('tickets').where({ id: ticketId }).first('number', 'reply_key');
  return `[#${ticket.number}-${ticket.reply_key}]`;
}

// What the portal allows each kind of sender (and so what mail must do), per action.
const MATRIX: Record<string, Record<Action, Outcome>> = {
  owner: { new: 'filed', own: 'filed', other: 'filed' },
  admin: { new: 'filed', own: 'filed', other: 'filed' },
  'member with tickets': { new: 'filed', own: 'filed', other: 'filed' },
  'member without tickets': {
    new: 'held:no_tickets_permission',
    own: 'held:no_tickets_permission',
    other: 'held:no_tickets_permission',
  },
  'limited member': { new: 'filed', own: 'filed', other: 'held:not_authorized_for_ticket' },
  'blocked member': { new: 'held:blocked_member', own: 'held:blocked_member', other: 'held:blocked_member' },
  'authorized contact': { new: 'filed', own: 'filed', other: 'held:not_authorized_for_ticket' },
  'unverified contact': {
    new: 'held:unverified_sender',
    own: 'held:unverified_sender',
    other: 'held:unverified_sender',
  },
  stranger: {
    new: 'held:unknown_sender',
    own: 'held:not_authorized_for_ticket',
    other: 'held:not_authorized_for_ticket',
  },
  'spoofed owner': {
    new: 'held:sender_not_verified',
    own: 'held:sender_not_verified',
    other: 'held:sender_not_verified',
  },
};

describe.each(Object.entries(MATRIX))('mail from the %s', (kind, expected) => {
  it(`new ticket → ${expected.new}; reply to own → ${expected.own}; reply to someone else's → ${expected.other}`, async () => {
    const w = await world();
    const sender = w.senders[kind];
    const own = await createTicketRow(t.db, {
      accountId: w.accountId,
      requesterEmail: sender.email,
      openedByUserId: sender.userId,
      accountNumber: sender.ownNumber,
    });
    const outcomes = {
      new: await send(sender, 'No funciona el conmutador'),
      own: await send(sender, `Re: ${await tag(own.id)} Mi ticket`),
      other: await send(sender, `Re: ${await tag(w.other.id)} El ticket de otra persona`),
    };
    expect(outcomes).toEqual(expected);

    // Nothing held was written on a ticket.
    const bodies = await t.db('ticket_messages').whereIn('ticket_id', [own.id, w.other.id]).pluck('body');
    expect(bodies.filter((b: string) => b.startsWith('Mensaje'))).toHaveLength(
      [outcomes.own, outcomes.other].filter((o) => o === 'filed').length,
    );

    // A portal user gets the same answers from the portal.
    if (sender.portal) {
      const agent = await signIn(t.app, sender.email);
      const otherNumber = (await t.db('tickets').where({ id: w.other.id }).first()).number as string;
      expect((await agent.get('/tickets/new')).status === 200).toBe(expected.new === 'filed');
      expect((await agent.get(`/tickets/${own.number}`)).status === 200).toBe(expected.own === 'filed');
      expect((await agent.get(`/tickets/${otherNumber}`)).status === 200).toBe(expected.other === 'filed');
    }
  });
});

describe('the helpdesk sees why', () => {
  it("shows the reason a blocked member's mail is held, and the requester as «Bloqueado», never «Autorizado»", async () => {
    const w = await world();
    const blocked = w.senders['blocked member'];
    expect(await send(blocked, 'Sigo aquí')).toBe('held:blocked_member');
    const ticket = await createTicketRow(t.db, { accountId: w.accountId, requesterEmail: blocked.email });
    const platform = await createAccount(t.db, { kind: 'platform' });
    const agent = await signIn(t.app, (await createMember(t.db, { role: 'admin', accountId: platform })).email);
    expect((await agent.get('/staff')).text).toContain('Usuario bloqueado');
    const page = await agent.get(`/staff/tickets/${ticket.number}`);
    expect(page.text).toContain('Bloqueado');
    expect(page.text).not.toContain('badge--authorized');
  });
});
