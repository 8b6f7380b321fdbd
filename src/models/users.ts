import type { Db } from '../db/knex';
import type { Locale } from '../i18n';

export interface UserRow {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  department: string;
  employee_number: string;
  password_hash: string | null;
  session_version: number;
  locale: Locale;
  last_login_at: Date | null;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db<UserRow>('users')
    .where({ email: normaliseEmail(email) })
    .first();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db<UserRow>('users').where({ id }).first();
}

export async function recordLogin(db: Db, id: number): Promise<void> {
  await db('users').where({ id }).update({ last_login_at: db.fn.now() });
}

export async function updateProfile(
  db: Db,
  id: number,
  values: { first_name: string; last_name: string; department: string; employee_number: string; locale?: Locale },
): Promise<void> {
  await db('users')
    .where({ id })
    .update({ ...values, updated_at: db.fn.now() });
}

/** Sets a new password and ends every session that carries the old session_version. */
export async function updatePassword(db: Db, id: number, passwordHash: string): Promise<number> {
  const [row] = await db('users')
    .where({ id })
    .update({
      password_hash: passwordHash,
      // A password of the user's own: nothing left to replace at a first sign-in.
      password_change_required: false,
      session_version: db.raw('session_version + 1'),
      updated_at: db.fn.now(),
    })
    .returning('session_version');
  return (row as { session_version: number }).session_version;
}

/** Ends every session of the user at its next request (sessions carry the session_version they began with). */
export async function endAllSessions(db: Db, id: number): Promise<void> {
  await db('users')
    .where({ id })
    .update({ session_version: db.raw('session_version + 1'), updated_at: db.fn.now() });
}

/** The user's language: their pages, and every e-mail written to them. */
export async function updateLocale(db: Db, id: number, locale: Locale): Promise<void> {
  await db('users').where({ id }).update({ locale, updated_at: db.fn.now() });
}

/** The language of each address that is someone's login; other addresses are not in the map. */
export async function localesByEmail(db: Db, emails: string[]): Promise<Map<string, Locale>> {
  const unique = [...new Set(emails.map(normaliseEmail))];
  if (!unique.length) return new Map();
  const rows: { email: string; locale: Locale }[] = await db('users')
    .whereIn('email', unique)
    .select('email', 'locale');
  return new Map(rows.map((r) => [r.email, r.locale]));
}
