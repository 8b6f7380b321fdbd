import { prepared, type Db } from '../db/knex';

/** A ticket as its webhook events carry it (src/services/representations/tickets.ts). */
export interface TicketEventRow {
  id: number;
  number: string;
  account_id: number;
  subject: string;
  department: string;
  priority: string;
  status: string;
  source: string;
  requester_email: string;
  created_at: Date;
  updated_at: Date;
}

export async function ticketEventRow(db: Db, ticketId: number): Promise<TicketEventRow> {
  return db('tickets')
    .where({ id: ticketId })
    .first(
      'id',
      'number',
      'account_id',
      'subject',
      'department',
      'priority',
      'status',
      'source',
      'requester_email',
      'created_at',
      'updated_at',
    ) as Promise<TicketEventRow>;
}

/** A person's membership of an account as user.* events carry it (src/services/representations/users.ts). */
export interface UserEventRow {
  user_id: number;
  membership_id: number;
  account_id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: 'owner' | 'admin' | 'member';
  accepted_at: Date | null;
  blocked_at: Date | null;
}

export async function userEventRow(db: Db, membershipId: number): Promise<UserEventRow> {
  return prepared(
    db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('m.id', membershipId)
      .first(
        'u.id as user_id',
        'm.id as membership_id',
        'm.account_id',
        'u.email',
        'u.first_name',
        'u.last_name',
        'm.role',
        'm.accepted_at',
        'm.blocked_at',
      ),
  ) as Promise<UserEventRow>;
}
