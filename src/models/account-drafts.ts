import type { Db } from '../db/knex';

/**
 * What the "Agregar cuenta nueva" wizard keeps between its steps, on the server: tied to the session
 * that started it (the row goes with the session), to its user and to the parent account, and gone
 * after DRAFT_TTL_MINUTES without a step saved.
 */
export const DRAFT_TTL_MINUTES = 120;

export interface DraftData {
  /** Text fields as typed, never a password. */
  values: Record<string, string>;
  add_admin: boolean;
  allow_prepay: boolean;
  restrictions: Record<string, string>;
  sections: string[];
  support_partners: number[];
  support_emails: string[];
  /** bcrypt of a typed admin password, so it is asked for once and never kept in clear. */
  admin_password_hash: string | null;
  /** Steps whose values passed their checks as they stand now. */
  completed: string[];
}

export interface DraftScope {
  sessionId: string;
  userId: number;
  parentAccountId: number;
}

export interface Draft {
  id: number;
  data: DraftData;
}

const expiry = (db: Db) => db.raw(`now() + make_interval(mins => ?)`, [DRAFT_TTL_MINUTES]);

export async function createDraft(db: Db, scope: DraftScope, data: DraftData): Promise<number> {
  // Abandoned drafts of anyone go when a new one starts (their sessions may still be alive).
  await db('account_drafts').where('expires_at', '<', db.fn.now()).delete();
  const [row] = await db('account_drafts')
    .insert({
      session_sid: scope.sessionId,
      user_id: scope.userId,
      parent_account_id: scope.parentAccountId,
      data: JSON.stringify(data),
      expires_at: expiry(db),
    })
    .returning('id');
  return (row as { id: number }).id;
}

/** A live draft of this session, user and parent; with `lock`, its row is locked for the caller's transaction. */
export async function findDraft(
  db: Db,
  scope: DraftScope,
  id: number,
  options: { lock?: boolean } = {},
): Promise<Draft | undefined> {
  const query = db('account_drafts')
    .where({ id, session_sid: scope.sessionId, user_id: scope.userId, parent_account_id: scope.parentAccountId })
    .where('expires_at', '>', db.fn.now())
    .first('id', 'data');
  if (options.lock) query.forUpdate();
  return query as Promise<Draft | undefined>;
}

export async function saveDraft(db: Db, id: number, data: DraftData): Promise<void> {
  await db('account_drafts')
    .where({ id })
    .update({ data: JSON.stringify(data), expires_at: expiry(db), updated_at: db.fn.now() });
}

export async function deleteDraft(db: Db, id: number): Promise<void> {
  await db('account_drafts').where({ id }).delete();
}
