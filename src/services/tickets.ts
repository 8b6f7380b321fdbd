import type { AppDeps } from '../app-deps';
import type { FieldErrors } from '../forms/form';
import type { CurrentUser, MemberUser } from '../current-user';
import { scopeOf } from '../models/scope';
import { contactIdOfUser } from '../models/senders';
import {
  insertMessage,
  insertTicketWithMessage,
  markReplied,
  ticketChoices,
  updateStatus,
  type Department,
  type Priority,
  type TicketRef,
  type TicketSource,
  type TicketStatus,
} from '../models/tickets';
import { insertMessageAttachments } from '../models/attachments';
import { type NewAttachment } from '../domain/attachments';
import { recordAudit } from './audit';
import { notifyTicket } from './ticket-mail';
import { ticketJson } from './representations/people';
import { emitEvent, emitTicketEvent } from './webhooks/emit';

/** Who writes or acts on a ticket from the portal or the console. */
export type Actor = Pick<CurrentUser, 'id' | 'email' | 'firstName' | 'lastName'>;

export interface Author {
  userId: number | null;
  email: string;
  name: string;
}

export function authorOf(actor: Actor): Author {
  return { userId: actor.id, email: actor.email, name: `${actor.firstName} ${actor.lastName}`.trim() };
}

export interface TicketInput {
  department: Department;
  priority: Priority;
  subject: string;
  message: string;
  account_number: string;
  service_id: string;
  problem_report: boolean;
}

/** Opens a ticket from the portal: the number and service must be within the user's scope. */
export async function openTicket(
  deps: AppDeps,
  current: MemberUser,
  input: TicketInput,
  ip?: string,
  attachments: NewAttachment[] = [],
): Promise<{ ok: true; number: string } | { ok: false; errors: FieldErrors }> {
  const { db } = deps;
  const choices = await ticketChoices(db, scopeOf(current));
  const number = input.account_number ? choices.numbers.find((n) => n.number === input.account_number) : null;
  if (input.account_number && !number)
    return { ok: false, errors: { account_number: 'errors.ticket.account_number.invalid' } };
  const service = input.service_id ? choices.services.find((s) => s.id === Number(input.service_id)) : null;
  if (input.service_id && !service) return { ok: false, errors: { service_id: 'errors.ticket.service_id.invalid' } };
  const author = authorOf(current);
  const contactId = await contactIdOfUser(db, current.account.id, current.id);

  const ticketNumber = await db.transaction(async (trx) => {
    const ticket = await createTicket(
      { ...deps, db: trx },
      {
        accountId: current.account.id,
        department: input.department,
        priority: input.priority,
        subject: input.subject,
        body: input.message,
        accountNumberId: number?.id ?? null,
        serviceId: service?.id ?? null,
        problemReport: input.problem_report,
        author,
        contactId,
        source: 'portal',
        attachments,
      },
    );
    await recordAudit(trx, {
      action: 'ticket.opened',
      accountId: current.account.id,
      actorUserId: current.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      metadata: { number: ticket.number },
    });
    return ticket.number;
  });
  return { ok: true, number: ticketNumber };
}

/**
 * Creates a ticket with its first message and e-mails it; shared by the portal and inbound mail.
 * Runs in the caller's transaction: pass `{ ...deps, db: trx }`.
 */
export async function createTicket(
  deps: AppDeps,
  values: {
    accountId: number;
    department: string;
    priority: string;
    subject: string;
    body: string;
    /** The new text of an e-mailed body that quoted anything: shown and mailed instead of it. */
    replyText?: string | null;
    accountNumberId: number | null;
    serviceId: number | null;
    problemReport: boolean;
    author: Author;
    contactId: number | null;
    source: TicketSource;
    emailMessageId?: string | null;
    attachments?: NewAttachment[];
  },
): Promise<{ id: number; number: string; messageId: number }> {
  const { db } = deps;
  // The ticket, its number and its first message in one statement, which also returns the ticket
  // as its event carries it.
  const { ticket, messageId } = await insertTicketWithMessage(
    db,
    {
      accountId: values.accountId,
      subject: values.subject.replace(/[\r\n]+/g, ' ').slice(0, 200),
      department: values.department,
      priority: values.priority,
      accountNumberId: values.accountNumberId,
      serviceId: values.serviceId,
      problemReport: values.problemReport,
      openedByUserId: values.author.userId,
      openedByContactId: values.contactId,
      requesterEmail: values.author.email,
      source: values.source,
    },
    {
      authorUserId: values.author.userId,
      authorEmail: values.author.email,
      authorName: values.author.name,
      authorKind: 'customer',
      body: values.body,
      replyText: values.replyText,
      internal: false,
      source: values.source,
      emailMessageId: values.emailMessageId ?? null,
    },
  );
  await insertMessageAttachments(db, ticket.id, messageId, values.attachments ?? []);
  await emitEvent(deps, { type: 'ticket.created', accountId: values.accountId, data: ticketJson(ticket) });
  await notifyTicket(deps, ticket, 'opened', {
    body: values.replyText ?? values.body,
    authorEmail: values.author.email,
    authorName: values.author.name,
  });
  return { id: ticket.id, number: ticket.number, messageId };
}

/**
 * A new message on a ticket (and its files), with the status it implies and the e-mails the rules
 * call for; returns its id. Inside a caller's transaction when `deps.db` is one.
 */
export async function addTicketMessage(
  deps: AppDeps,
  ticket: TicketRef,
  message: Author & {
    kind: 'customer' | 'staff';
    body: string;
    /** The new text of an e-mailed body that quoted anything: shown and mailed instead of it. */
    replyText?: string | null;
    source: TicketSource;
    internal?: boolean;
    emailMessageId?: string | null;
    attachments?: NewAttachment[];
  },
  ip?: string,
): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const messageId = await insertMessage(trx, {
      ticketId: ticket.id,
      authorUserId: message.userId,
      authorEmail: message.email,
      authorName: message.name,
      authorKind: message.kind,
      body: message.body,
      replyText: message.replyText,
      internal: message.internal ?? false,
      source: message.source,
      emailMessageId: message.emailMessageId ?? null,
    });
    await insertMessageAttachments(trx, ticket.id, messageId, message.attachments ?? []);
    if (!message.internal) {
      await markReplied(trx, ticket.id, message.kind === 'staff' ? 'answered' : 'customer_reply');
      await emitTicketEvent({ ...deps, db: trx }, 'ticket.replied', ticket.account_id, ticket.id);
      await notifyTicket({ ...deps, db: trx }, ticket, 'reply', {
        body: message.replyText ?? message.body,
        authorEmail: message.email,
        authorName: message.name,
      });
    }
    await recordAudit(trx, {
      action: message.internal ? 'ticket.note_added' : 'ticket.replied',
      accountId: ticket.account_id,
      actorUserId: message.userId,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      metadata: { source: message.source },
    });
    return messageId;
  });
}

/**
 * The one rule for a ticket's status, whoever changes it: a ticket that becomes closed e-mails its
 * opener (and the owner's copy), as any other update does — nobody is told of their own action.
 * Returns the status it had, read under a row lock so that two closings mail once.
 */
async function changeStatus(
  deps: AppDeps,
  actor: Actor,
  ticket: TicketRef,
  status: TicketStatus,
): Promise<TicketStatus> {
  const before = (await updateStatus(deps.db, ticket.id, status)) ?? status;
  if (status === 'closed' && before !== 'closed') {
    await emitTicketEvent(deps, 'ticket.closed', ticket.account_id, ticket.id);
    await notifyTicket(deps, ticket, 'closed', {
      body: '',
      authorEmail: actor.email,
      authorName: authorOf(actor).name,
    });
  }
  return before;
}

/** Closes a ticket from the portal; closing a closed ticket again changes, records and mails nothing. */
export async function closeTicket(deps: AppDeps, actor: Actor, ticket: TicketRef, ip?: string): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    const before = await changeStatus({ ...deps, db: trx }, actor, ticket, 'closed');
    if (before === 'closed') return false;
    await recordAudit(trx, {
      action: 'ticket.closed',
      accountId: ticket.account_id,
      actorUserId: actor.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
    });
    return true;
  });
}

/** Sets any status from the helpdesk console (closing follows the same rule as in the portal). */
export async function setStatus(
  deps: AppDeps,
  actor: Actor,
  ticket: TicketRef,
  status: TicketStatus,
  ip?: string,
): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const before = await changeStatus({ ...deps, db: trx }, actor, ticket, status);
    await recordAudit(trx, {
      action: 'staff.ticket_status',
      accountId: ticket.account_id,
      actorUserId: actor.id,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      metadata: { from: before, to: status },
    });
  });
}
