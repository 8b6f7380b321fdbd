import type { Db } from '../db/knex';
import type { SqlPart } from '../db/sql-part';

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

/** The writer of the audit_events table (src/services/audit.ts decides what goes in); several rows in one statement. */
export async function insertAuditEvent(db: Db, rows: AuditEventRow | AuditEventRow[]): Promise<void> {
  if (Array.isArray(rows) && !rows.length) return;
  await db('audit_events').insert(rows);
}

/**
 * The same rows written by a WITH query (`audit_rows`) of a larger statement, only when the
 * statement's `source` query yields a row: the change they record happened.
 */
export function auditRowsPart(rows: AuditEventRow[], source: string): SqlPart {
  return {
    sql: `audit_rows AS (
       INSERT INTO audit_events (action, account_id, actor_user_id, actor_token_id, target_type, target_id, ip, metadata, changes, outcome, reason)
       SELECT r.action, r.account_id, r.actor_user_id, r.actor_token_id, r.target_type, r.target_id, r.ip,
              CAST(r.metadata AS jsonb), CAST(r.changes AS jsonb), r.outcome, r.reason
         FROM ${source}, jsonb_to_recordset(CAST(:auditRows AS jsonb)) AS r (
                action text, account_id bigint, actor_user_id bigint, actor_token_id bigint, target_type text,
                target_id bigint, ip text, metadata text, changes text, outcome text, reason text)
     )`,
    bindings: { auditRows: JSON.stringify(rows) },
  };
}
