import type { Db } from '../db/knex';
import { keysetPage, type Cursor, type Page } from './pagination';

export interface SentEmail {
  id: number;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  category: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
}

/** One page of the account's e-mail history, newest first (keyset on mail_outbox (account_id, created_at, id)). */
export async function sentEmailsPage(db: Db, accountId: number, cursor: Cursor): Promise<Page<SentEmail>> {
  const query = db('mail_outbox')
    .where({ account_id: accountId })
    .select('id', 'to_addresses', 'cc_addresses', 'subject', 'category', 'status', 'attempts', 'created_at', 'sent_at');
  return keysetPage<SentEmail>(query, {
    columns: ['created_at', 'id'],
    direction: 'desc',
    anchor: (id) => db('mail_outbox').where({ id, account_id: accountId }).select('created_at', 'id'),
    cursor,
  });
}
