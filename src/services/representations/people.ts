import type { Db } from '../../db/knex';
import { ticketEventRow, userEventRow, type TicketEventRow } from '../../models/event-records';

/*
 * Users and tickets as their webhook events carry them. A user is what GET /accounts/{id}/users
 * lists (`managedUserSchema`); the API has no GET for tickets yet: a ticket is documented once as
 * `WebhookTicket` in the OpenAPI document (src/api/schemas/events.ts).
 */

/** A person of an account as the API lists them: id is the membership. */
export const userJson = (u: {
  membership_id: number;
  first_name: string;
  last_name: string;
  email: string;
  role: 'owner' | 'admin' | 'member';
  status: 'active' | 'invited' | 'blocked';
}) => ({
  id: u.membership_id,
  first_name: u.first_name,
  last_name: u.last_name,
  email: u.email,
  role: u.role,
  status: u.status,
});

export async function userRepresentation(db: Db, membershipId: number) {
  const u = await userEventRow(db, membershipId);
  const status = u.blocked_at ? ('blocked' as const) : u.accepted_at ? ('active' as const) : ('invited' as const);
  return userJson({ ...u, status });
}

export async function ticketRepresentation(db: Db, ticketId: number) {
  return ticketJson(await ticketEventRow(db, ticketId));
}

/** A ticket as its events carry it, from its row (as read, or as a statement that wrote it returned it). */
export function ticketJson(t: TicketEventRow) {
  return {
    id: t.id,
    number: t.number,
    account_id: t.account_id,
    subject: t.subject,
    department: t.department,
    priority: t.priority,
    status: t.status,
    source: t.source,
    requester_email: t.requester_email,
    created_at: t.created_at.toISOString(),
    updated_at: t.updated_at.toISOString(),
  };
}
