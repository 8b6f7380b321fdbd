import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import type { FieldErrors } from '../forms/form';
import type { CurrentUser } from '../current-user';
import { withinScope, type NumberScope } from '../models/scope';
import { newTicketNumber, type TicketRow } from '../models/tickets';
import { recordAudit } from './audit';
import { notifyTicket } from './ticket-mail';

/** The account numbers and services a user may attach to a ticket. */
export async function ticketChoices(db: Db, scope: NumberScope) {
  const numbersQuery = db('account_numbers as a')
    .where('a.account_id', scope.accountId)
    .select('a.id', 'a.number', 'a.label')
    .orderBy('a.number');
  if (scope.accountScope === 'assigned') {
    numbersQuery.whereIn(
      'a.id',
      db('membership_account_numbers').select('account_number_id').where({ membership_id: scope.membershipId }),
    );
  }
  const numbers: { id: number; number: string; label: string }[] = await numbersQuery;
  const services = await withinScope(
    db,
    db('services as s')
      .join('account_numbers as n', 'n.id', 's.account_number_id')
      .select('s.id', 's.name', 'n.number')
      .orderBy(['n.number', 's.name']),
    's',
    scope,
  );
  return { numbers, services };
}

export interface Author {
  userId: number | null;
  email: string;
  name: string;
}

export interface TicketInput {
  department: 'support' | 'billing' | 'sales';
  priority: 'low' | 'medium' | 'high';
  subject: string;
  message: string;
  account_number: string;
  service_id: string;
  problem_report: boolean;
}

/** Opens a ticket from the portal: the number and service must be within the user's scope. */
export async function openTicket(
  deps: AppDeps,
  current: CurrentUser,
  input: TicketInput,
  author: Author,
  ip?: string,
): Promise<{ ok: true; number: string } | { ok: false; errors: FieldErrors }> {
  const { db } = deps;
  const scope: NumberScope = {
    accountId: current.account!.id,
    membershipId: current.membership!.id,
    accountScope: current.membership!.accountScope,
  };
  const choices = await ticketChoices(db, scope);
  const number = input.account_number ? choices.numbers.find((n) => n.number === input.account_number) : null;
  if (input.account_number && !number)
    return { ok: false, errors: { account_number: 'errors.ticket.account_number.invalid' } };
  const service = input.service_id
    ? choices.services.find((s: { id: number }) => s.id === Number(input.service_id))
    : null;
  if (input.service_id && !service) return { ok: false, errors: { service_id: 'errors.ticket.service_id.invalid' } };
  const accountNumberId = number ? number.id : null;
  const contact = await db('contacts').where({ account_id: scope.accountId, user_id: author.userId }).first('id');

  const ticketNumber = await db.transaction(async (trx) => {
    const ticket = await createTicket(deps, trx, {
      accountId: scope.accountId,
      department: input.department,
      priority: input.priority,
      subject: input.subject,
      body: input.message,
      accountNumberId,
      serviceId: service?.id ?? null,
      problemReport: input.problem_report,
      author,
      contactId: contact?.id ?? null,
      source: 'portal',
    });
    await recordAudit(trx, {
      action: 'ticket.opened',
      accountId: scope.accountId,
      actorUserId: author.userId,
      targetType: 'ticket',
      targetId: ticket.id,
      ip,
      metadata: { number: ticket.number },
    });
    return ticket.number;
  });
  return { ok: true, number: ticketNumber };
}

/** Creates a ticket with its first message and e-mails it; shared by the portal and inbound mail. */
export async function createTicket(
  deps: AppDeps,
  trx: Db,
  values: {
    accountId: number;
    department: string;
    priority: string;
    subject: string;
    body: string;
    accountNumberId: number | null;
    serviceId: number | null;
    problemReport: boolean;
    author: Author;
    contactId: number | null;
    source: 'portal' | 'email' | 'staff';
    emailMessageId?: string | null;
  },
): Promise<{ id: number; number: string }> {
  const number = await newTicketNumber(trx);
  const [row] = await trx('tickets')
    .insert({
      account_id: values.accountId,
      number,
      subject: values.subject.replace(/[\r\n]+/g, ' ').slice(0, 200),
      department: values.department,
      priority: values.priority,
      account_number_id: values.accountNumberId,
      service_id: values.serviceId,
      is_problem_report: values.problemReport,
      opened_by_user_id: values.author.userId,
      opened_by_contact_id: values.contactId,
      requester_email: values.author.email,
      source: values.source,
    })
    .returning('*');
  await trx('ticket_messages').insert({
    ticket_id: row.id,
    author_user_id: values.author.userId,
    author_email: values.author.email,
    author_name: values.author.name,
    author_kind: 'customer',
    body: values.body,
    source: values.source,
    email_message_id: values.emailMessageId ?? null,
  });
  await notifyTicket(deps, trx, row, 'opened', {
    body: values.body,
    authorEmail: values.author.email,
    authorName: values.author.name,
  });
  return { id: row.id, number };
}

/** A new message on a ticket, with the status it implies and the e-mails the rules call for. */
export async function addTicketMessage(
  deps: AppDeps,
  ticket: Pick<
    TicketRow,
    'id' | 'account_id' | 'number' | 'subject' | 'requester_email' | 'opened_by_user_id' | 'is_problem_report'
  >,
  message: Author & {
    kind: 'customer' | 'staff';
    body: string;
    source: 'portal' | 'email' | 'staff';
    internal?: boolean;
    emailMessageId?: string | null;
  },
  ip?: string,
  trxOrDb: Db = deps.db,
): Promise<void> {
  await trxOrDb.transaction(async (trx) => {
    await trx('ticket_messages').insert({
      ticket_id: ticket.id,
      author_user_id: message.userId,
      author_email: message.email,
      author_name: message.name,
      author_kind: message.kind,
      body: message.body,
      internal: message.internal ?? false,
      source: message.source,
      email_message_id: message.emailMessageId ?? null,
    });
    if (!message.internal) {
      await trx('tickets')
        .where({ id: ticket.id })
        .update({
          status: message.kind === 'staff' ? 'answered' : 'customer_reply',
          last_reply_at: trx.fn.now(),
          updated_at: trx.fn.now(),
        });
      await notifyTicket(deps, trx, ticket, 'reply', {
        body: message.body,
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
  });
}
