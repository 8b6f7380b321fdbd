import type { Db } from '../db/knex';
import { actorUserId, type Actor } from '../domain/actor';
import { insertAuditEvent, type AuditEventRow } from '../models/audit-events';
import type { AuditAction, AuditReason } from '../domain/audit-actions';
import { isAuditedField, type Change } from '../domain/audit-changes';

export interface AuditEvent {
  action: AuditAction;
  accountId?: number | null;
  /** Who did it: a user, or an API token (the log also names the token's creator). */
  actor?: Actor;
  /** The user who did it, when no `actor` is given. */
  actorUserId?: number | null;
  targetType?: string;
  targetId?: number | null;
  ip?: string;
  /** Never secrets: no passwords, answers, tokens or cookies. */
  metadata?: Record<string, string | number | boolean | null>;
  /** What changed, from `changesOf` (src/domain/audit-changes.ts); a field outside its allow-list is dropped here. */
  changes?: Change[];
  /** What it records did not work, and why (an invitation whose mail was refused). */
  failed?: AuditReason;
}

const rowOf = (event: AuditEvent): AuditEventRow => ({
  action: event.action,
  account_id: event.accountId ?? null,
  actor_user_id: event.actor ? actorUserId(event.actor) : (event.actorUserId ?? null),
  actor_token_id: event.actor?.kind === 'token' ? event.actor.tokenId : null,
  target_type: event.targetType ?? '',
  target_id: event.targetId ?? null,
  ip: event.ip ?? '',
  metadata: JSON.stringify(event.metadata ?? {}),
  changes: JSON.stringify((event.changes ?? []).filter((c) => isAuditedField(c.field))),
  outcome: event.failed ? 'failed' : 'ok',
  reason: event.failed ?? '',
});

/** Who did what, to whom, when and from where. */
export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await insertAuditEvent(db, rowOf(event));
}

/** Several events in one statement (one write seen in several accounts' activity). */
export async function recordAudits(db: Db, events: AuditEvent[]): Promise<void> {
  await insertAuditEvent(db, auditRows(events));
}

/** The rows of these events, for a statement that writes them with the change they record (models/audit-events.ts `auditRowsPart`). */
export function auditRows(events: AuditEvent[]): AuditEventRow[] {
  return events.map(rowOf);
}
