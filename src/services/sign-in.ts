import type { AppDeps } from '../app-deps';
import type { TwoFactorRole } from '../config';
import type { CurrentUser } from '../current-user';
import type { Db } from '../db/knex';
import type { SignInSession } from '../domain/sign-in-session';
import { activeMemberships, type MembershipChoice } from '../models/memberships';
import { firstSignInSteps } from '../models/security-answers';
import { findUserByEmail, normaliseEmail, recordLogin } from '../models/users';
import { recordAudit } from './audit';
import { clearCredentialFailures, isEmailLocked, recordCredentialFailure } from './lockout';
import { verifySecret } from './passwords';
import { noteSignInDevice } from './open-sessions';
import { enabledCredential, twoFactorRequired } from './two-factor';

/** What signing in needs: the database, and the mailer for the new-device notice. */
export type SignInDeps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'mailer' | 'i18n'>;

/**
 * Starts a signed-in session: a new session id (no fixation), saved before the redirect that
 * follows, the lockout counter cleared, and the sign-in in the audit log. A login without security
 * questions yet, or with a password someone else chose (a sub-account or an owner made with a
 * password), chooses its questions and its own password before anything else.
 */
export async function startSignedInSession(
  deps: SignInDeps,
  session: SignInSession,
  user: { id: number; email: string; session_version: number },
  accountId: number | null,
  via: string,
): Promise<void> {
  const { db } = deps;
  const steps = await firstSignInSteps(db, user.id);
  const choosingQuestions = steps.questions || steps.password;
  await session.start({ userId: user.id, accountId, userVersion: user.session_version, choosingQuestions });
  await clearCredentialFailures(db, user.email);
  await recordLogin(db, user.id);
  await recordAudit(db, {
    action: 'auth.login_succeeded',
    actorUserId: user.id,
    accountId,
    ip: session.ip,
    metadata: { via },
  });
  await noteSignInDevice(deps, user, session);
}

/**
 * After the first step (password, or an accepted invitation): signed in, or — for a user whose
 * second factor is on, or whose role must have one — held until /login/two-factor.
 */
export async function beginSignIn(
  deps: SignInDeps,
  session: SignInSession,
  user: { id: number; email: string; session_version: number },
  accountId: number | null,
  via: string,
  twoFactorRequiredFor: readonly TwoFactorRole[],
  memberships?: MembershipChoice[],
): Promise<'signed_in' | 'second_factor'> {
  const { db } = deps;
  const secondFactor =
    (await enabledCredential(db, user.id)) !== undefined ||
    twoFactorRequired(memberships ?? (await activeMemberships(db, user.id)), twoFactorRequiredFor);
  if (secondFactor) {
    await session.hold({ userId: user.id, accountId, userVersion: user.session_version, via, startedAt: Date.now() });
    return 'second_factor';
  }
  await startSignedInSession(deps, session, user, accountId, via);
  return 'signed_in';
}

/**
 * Signed in, in the only account the user has, or (null) still to choose among several; or waiting
 * for the second factor.
 */
export type SignInResult = { ok: true; accountId: number | null } | { ok: true; secondFactor: true } | { ok: false };

/**
 * Sign-in with e-mail and password. Unknown e-mail, wrong password, locked address and a user with
 * no usable membership all fail alike (the audit log keeps the reason), and always after exactly
 * one bcrypt comparison, so timing reveals nothing.
 */
export async function signInWithPassword(
  deps: SignInDeps,
  session: SignInSession,
  input: { email: string; password: string },
  twoFactorRequiredFor: readonly TwoFactorRole[],
): Promise<SignInResult> {
  const { db } = deps;
  const email = normaliseEmail(input.email);
  const locked = await isEmailLocked(db, email);
  const user = await findUserByEmail(db, email);
  const passwordOk = await verifySecret(input.password, user?.password_hash);
  const memberships = user && passwordOk ? await activeMemberships(db, user.id) : [];

  if (!user || !passwordOk || locked || memberships.length === 0) {
    await recordCredentialFailure(db, email, session.ip);
    const reason = !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : locked ? 'locked' : 'blocked';
    await recordAudit(db, {
      action: 'auth.login_failed',
      actorUserId: user?.id ?? null,
      ip: session.ip,
      metadata: { email, reason },
    });
    return { ok: false };
  }

  const accountId = memberships.length === 1 ? memberships[0].account_id : null;
  const step = await beginSignIn(deps, session, user, accountId, 'password', twoFactorRequiredFor, memberships);
  return step === 'second_factor' ? { ok: true, secondFactor: true } : { ok: true, accountId };
}

/** Cerrar sesión: recorded, then the session row is gone (the cookie is cleared by the caller). */
export async function signOut(db: Db, session: SignInSession, current: CurrentUser): Promise<void> {
  await recordAudit(db, {
    action: 'auth.logout',
    actorUserId: current.id,
    accountId: current.account?.id ?? null,
    ip: session.ip,
  });
  await session.end();
}

/** Cambiar de cuenta: the session works in the chosen account from the next request on. */
export async function switchAccount(
  db: Db,
  session: SignInSession,
  current: CurrentUser,
  choice: MembershipChoice,
): Promise<void> {
  await session.switchAccount(choice.account_id);
  await recordAudit(db, {
    action: 'auth.account_switched',
    actorUserId: current.id,
    accountId: choice.account_id,
    ip: session.ip,
  });
}
