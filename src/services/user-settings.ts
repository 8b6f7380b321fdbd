import type { AppDeps } from '../app-deps';
import type { CurrentUser } from '../current-user';
import type { Db } from '../db/knex';
import type { Locale } from '../i18n';
import { passwordChangedMail, securityQuestionsChangedMail } from '../mail/messages';
import { setDefaultApp } from '../models/memberships';
import { revokeOpenPasswordResets } from '../models/password-resets';
import { findUserById, updateLocale, updatePassword, updateProfile } from '../models/users';
import { recordAudit } from './audit';
import { currentPasswordAccepted } from './lockout';
import { hashSecret } from './passwords';
import { saveAnswers } from './security-questions';
import { type QuestionKey } from '../domain/security-questions';
import { changesOf } from '../domain/audit-changes';
import { DEFAULT_LANDING } from '../domain/landing';
import type { ProfileChange } from '../forms/customer/profile';

/** Mi perfil: the user's identifiers, language and, in an account, the page they land on after signing in. */
export async function saveProfile(db: Db, current: CurrentUser, change: ProfileChange, ip: string | undefined) {
  const { default_app: defaultApp, locale, ...identifiers } = change;
  await db.transaction(async (trx) => {
    const before = {
      ...(await findUserById(trx, current.id)),
      default_app: current.membership ? (current.membership.defaultApp ?? DEFAULT_LANDING) : undefined,
    };
    await updateProfile(trx, current.id, { ...identifiers, ...(locale ? { locale } : {}) });
    if (current.membership)
      // Kept even for the dashboard: a partner who chooses it no longer lands on the Accounts Manager.
      await setDefaultApp(trx, current.membership.id, defaultApp);
    await recordAudit(trx, {
      action: 'profile.updated',
      actorUserId: current.id,
      accountId: current.account?.id ?? null,
      targetType: 'user',
      targetId: current.id,
      ip,
      changes: changesOf('profile', before, { ...change, default_app: current.membership ? defaultApp : undefined }),
    });
  });
}

/** The language link, signed in: the choice is the user's, for their pages and their e-mail. */
export async function saveLanguage(db: Db, current: CurrentUser, locale: Locale): Promise<void> {
  if (locale !== current.locale) await updateLocale(db, current.id, locale);
}

/** The current password, checked against the lockout before any credential changes. */
async function currentPasswordOk(db: Db, current: CurrentUser, password: string, ip: string | undefined) {
  const user = await findUserById(db, current.id);
  return currentPasswordAccepted(db, { email: current.email, passwordHash: user?.password_hash }, password, ip);
}

export type PasswordChangeResult = { ok: true; sessionVersion: number } | { ok: false };

/**
 * Cambiar contraseña: needs the current one. Every session that carries the old session version
 * ends (the caller keeps its own by taking the new version), every open reset link dies, and the
 * user is told by e-mail.
 */
export async function changePassword(
  deps: AppDeps,
  current: CurrentUser,
  input: { currentPassword: string; password: string },
  ip: string | undefined,
): Promise<PasswordChangeResult> {
  const { db, mailer, config, i18n } = deps;
  if (!(await currentPasswordOk(db, current, input.currentPassword, ip))) {
    await recordAudit(db, { action: 'password.change_failed', actorUserId: current.id, ip });
    return { ok: false };
  }
  const hash = await hashSecret(input.password);
  const sessionVersion = await db.transaction(async (trx) => {
    const version = await updatePassword(trx, current.id, hash);
    // A reset link asked for before the change must not undo it.
    await revokeOpenPasswordResets(trx, current.id, deps.clock());
    await mailer.enqueue(passwordChangedMail(i18n.getFixedT(current.locale), current, config.baseUrl), trx);
    await recordAudit(trx, {
      action: 'password.changed',
      actorUserId: current.id,
      accountId: current.account?.id ?? null,
      targetType: 'user',
      targetId: current.id,
      ip,
    });
    return version;
  });
  return { ok: true, sessionVersion };
}

/** Preguntas de seguridad: needs the current password; the user is told by e-mail. False when it was wrong. */
export async function changeSecurityQuestions(
  deps: AppDeps,
  current: CurrentUser,
  input: { currentPassword: string; answers: { question: QuestionKey; answer: string }[] },
  ip: string | undefined,
): Promise<boolean> {
  const { db, mailer, config, i18n } = deps;
  if (!(await currentPasswordOk(db, current, input.currentPassword, ip))) return false;
  await db.transaction(async (trx) => {
    await saveAnswers(trx, current.id, input.answers);
    await mailer.enqueue(securityQuestionsChangedMail(i18n.getFixedT(current.locale), current, config.baseUrl), trx);
    await recordAudit(trx, {
      action: 'security_questions.changed',
      actorUserId: current.id,
      accountId: current.account?.id ?? null,
      targetType: 'user',
      targetId: current.id,
      ip,
    });
  });
  return true;
}

export type FirstSignInResult = { ok: true; sessionVersion: number } | { ok: false };

/**
 * The first sign-in of a login made with someone else's password (a sub-account, an owner the
 * Accounts Manager made): with the password given, a password of their own and the security
 * questions, in one transaction. Other sessions with the given password end; the user is told by
 * e-mail that the password changed.
 */
export async function completeFirstSignIn(
  deps: AppDeps,
  current: CurrentUser,
  input: { currentPassword: string; password: string; answers: { question: QuestionKey; answer: string }[] },
  ip: string | undefined,
): Promise<FirstSignInResult> {
  const { db, mailer, config, i18n } = deps;
  if (!(await currentPasswordOk(db, current, input.currentPassword, ip))) {
    await recordAudit(db, { action: 'password.change_failed', actorUserId: current.id, ip });
    return { ok: false };
  }
  const hash = await hashSecret(input.password);
  const sessionVersion = await db.transaction(async (trx) => {
    const version = await updatePassword(trx, current.id, hash);
    await revokeOpenPasswordResets(trx, current.id, deps.clock());
    await saveAnswers(trx, current.id, input.answers);
    await mailer.enqueue(passwordChangedMail(i18n.getFixedT(current.locale), current, config.baseUrl), trx);
    const event = { actorUserId: current.id, accountId: current.account?.id ?? null, targetType: 'user', ip };
    await recordAudit(trx, { ...event, action: 'password.changed', targetId: current.id });
    await recordAudit(trx, { ...event, action: 'security_questions.changed', targetId: current.id });
    return version;
  });
  return { ok: true, sessionVersion };
}
