import type { AppDeps } from '../app-deps';
import { activeMemberships } from '../models/memberships';
import type { TwoFactorCredential } from '../models/two-factor';
import { unusedRecoveryCodes } from '../models/two-factor';
import { findUserById, type UserRow } from '../models/users';
import { recordAudit } from './audit';
import { isEmailLocked, recordCredentialFailure } from './lockout';
import type { PendingSignIn, SignInSession } from '../domain/sign-in-session';
import { startSignedInSession } from './sign-in';
import { checkSecondFactor, enabledCredential, twoFactorRequired } from './two-factor';
import { confirmSetUp, type ConfirmResult } from './two-factor-settings';

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'mailer' | 'i18n'>;

/**
 * The second step of signing in, for a session held by beginSignIn (src/services/sign-in.ts):
 * 'code' for a user whose factor is on, 'setup' for one whose role requires a factor they do not
 * have yet. Null when there is nothing to finish: no pending sign-in, expired, or the user can no
 * longer sign in (password changed, blocked, factor reset and not required) — back to /login.
 */
export type SecondStep =
  | { step: 'code'; pending: PendingSignIn; user: UserRow; credential: TwoFactorCredential }
  | { step: 'setup'; pending: PendingSignIn; user: UserRow };

export async function secondStepOf(deps: Deps, session: SignInSession): Promise<SecondStep | null> {
  const pending = session.pending();
  if (!pending) return null;
  const user = await findUserById(deps.db, pending.userId);
  if (!user?.password_hash || user.session_version !== pending.userVersion) return null;
  const memberships = await activeMemberships(deps.db, user.id);
  const usable =
    memberships.length > 0 &&
    (pending.accountId === null || memberships.some((m) => m.account_id === pending.accountId));
  if (!usable) return null;
  const credential = await enabledCredential(deps.db, user.id);
  if (credential) return { step: 'code', pending, user, credential };
  if (twoFactorRequired(memberships, deps.config.twoFactorRequiredFor)) return { step: 'setup', pending, user };
  return null;
}

export type CodeResult =
  { ok: true; accountId: number | null; via: 'totp' | 'recovery_code'; unusedCodes: number } | { ok: false };

/**
 * A TOTP or recovery code finishes the sign-in. A wrong code counts toward the same lockout as a
 * wrong password (per address and per client address), and a locked address fails alike, so five
 * guesses per 15 minutes is all anyone holding the password gets.
 */
export async function signInWithCode(
  deps: Deps,
  session: SignInSession,
  second: Extract<SecondStep, { step: 'code' }>,
  code: string,
): Promise<CodeResult> {
  const { db, config, clock } = deps;
  const { pending, user, credential } = second;
  const locked = await isEmailLocked(db, user.email);
  const check = locked
    ? { ok: false as const }
    : await checkSecondFactor(db, { sessionSecret: config.sessionSecret, now: clock() }, credential, code, {
        accountId: pending.accountId,
        ip: session.ip,
      });
  if (!check.ok) {
    await recordCredentialFailure(db, user.email, session.ip);
    await recordAudit(db, {
      action: 'auth.login_failed',
      actorUserId: user.id,
      ip: session.ip,
      metadata: { email: user.email, reason: locked ? 'locked' : 'wrong_code' },
    });
    return { ok: false };
  }
  await startSignedInSession(deps, session, user, pending.accountId, `${pending.via}+${check.via}`);
  const unusedCodes = check.via === 'recovery_code' ? await unusedRecoveryCodes(db, user.id) : 0;
  return { ok: true, accountId: pending.accountId, via: check.via, unusedCodes };
}

/**
 * A user whose role requires a second factor sets it up during the sign-in: the first code from
 * the app turns it on and finishes the sign-in; the recovery codes come back to be shown once.
 */
export async function signInWithSetUp(
  deps: Deps,
  session: SignInSession,
  second: Extract<SecondStep, { step: 'setup' }>,
  code: string,
): Promise<ConfirmResult & { accountId?: number | null }> {
  const { pending, user } = second;
  const person = { id: user.id, email: user.email, firstName: user.first_name, locale: user.locale };
  const result = await confirmSetUp(deps, person, pending.accountId, code, session.ip);
  if (!result.ok) return result;
  await startSignedInSession(deps, session, user, pending.accountId, `${pending.via}+totp_setup`);
  return { ...result, accountId: pending.accountId };
}
