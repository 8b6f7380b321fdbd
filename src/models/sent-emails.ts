import type { Db } from '../db/knex';

export interface SentEmail {
  id: number;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  category: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  created_at: Date;
  sent_at: Date | null;
}

export const PAGE_SIZE = 25;

/** One page of the account's e-mail history, newest first; `before` is the last id of the previous page. */
export async function sentEmailsPage(
  db: Db,
  accountId: number,
  before: number | null,
): Promise<{ rows: SentEmail[]; nextBefore: number | null }> {
  const query = db('mail_outbox')
    .where({ account_id: accountId })
    .orderBy('id', 'desc')
    .limit(PAGE_SIZE + 1)
    .select('id', 'to_addresses', 'cc_addresses', 'subject', 'category', 'status', 'created_at', 'sent_at');
  if (before !== null) query.where('id', '<', before);
  const rows = (await query) as SentEmail[];
  const more = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);
  return { rows: page, nextBefore: more ? page[page.length - 1].id : null };
}
