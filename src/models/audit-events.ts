import type { Db } from '../db/knex';

export interface AuditEventRow {
  action: string;
  account_id: number | null;
  actor_user_id: number | null;
  /** The API token that acted (its creator is actor_user_id), or null for a person in the portal. */
  actor_token_id: number | null;
  target_type: string;
  target_id: number | null;
  ip: string;
  /** JSON text; never secrets. */
  metadata: string;
  /** JSON text: the allow-listed fields that changed, before and after. */
  changes: string;
  outcome: 'ok' | 'failed';
  /** The failure's reason key, or '' when it worked. */
  reason: string;
}

/** The only writer of the audit_events table (src/services/audit.ts decides what goes in); several rows in one statement. */
export async function insertAuditEvent(db: Db, rows: AuditEventRow | AuditEventRow[]): Promise<void> {
  if (Array.isArray(rows) && !rows.length) return;
  await db('audit_events').insert(rows);
}
