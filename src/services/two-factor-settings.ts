import type { AppDeps } from '../app-deps';
import type { CurrentUser, MemberUser } from '../current-user';
import type { Db } from '../db/knex';
import { twoFactorDisabledMail, twoFactorEnabledMail, twoFactorResetMail } from '../mail/two-factor-messages';
import type { AccountUser } from '../models/account-users';
import { activeMemberships } from '../models/memberships';
import {
  deleteCredential,
  enableCredential,
  findCredential,
  insertPendingCredential,
  replaceRecoveryCodes,
  unusedRecoveryCodes,
} from '../models/two-factor';
import { endAllSessions, findUserById } from '../models/users';
import type { OwnTwoFactor } from '../policies/two-factor';
import { recordAudit } from './audit';
import { isEmailLocked, recordCredentialFailure } from './lockout';
import {
  checkSecondFactor,
  decryptSecret,
  enabledCredential,
  encryptSecret,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrCodeDataUri,
  totpStep,
  twoFactorRequired,
} from './two-factor';
import { normaliseCode } from '../domain/two-factor-codes';

/**
 * Turning the second factor on and off: by the user under Mi perfil (or at a sign-in that requires
 * it), and by a manager who resets a member's factor. Each function owns its transaction, audit
 * event and e-mail.
 */

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'mailer' | 'i18n'>;
type Person = { id: number; email: string; firstName: string; locale: 'es' | 'en' };

/** Whether the user's factor is on, whether their roles require it, and their unused recovery codes. */
export async function ownTwoFactor(deps: Deps, userId: number): Promise<OwnTwoFactor & { unusedCodes: number }> {
  const [credential, memberships] = await Promise.all([
    enabledCredential(deps.db, userId),
    activeMemberships(deps.db, userId),
  ]);
  return {
    enabled: credential !== undefined,
    required: twoFactorRequired(memberships, deps.config.twoFactorRequiredFor),
    unusedCodes: credential ? await unusedRecoveryCodes(deps.db, userId) : 0,
  };
}

export interface SetUpDetails {
  /** Base32, for typing into the app by hand. */
  secret: string;
  /** The otpauth:// URI as an SVG QR code (data: URI). */
  qrCode: string;
}

/**
 * The secret being set up: made on the first visit and shown again on every visit until a code
 * confirms it (after that it is never shown again). Call only while the factor is off.
 */
export async function setUpDetails(deps: Deps, user: { id: number; email: string }): Promise<SetUpDetails> {
  const { db, config } = deps;
  let row = await findCredential(db, user.id);
  if (row?.enabled_at) throw new Error(`two-factor set-up shown to user ${user.id}, whose factor is on`);
  let secret = row ? decryptSecret(config.sessionSecret, row.secret_ciphertext) : null;
  if (!row || secret === null) {
    // None yet, or one that SESSION_SECRET can no longer read: start again with a new one.
    if (row) await deleteCredential(db, user.id);
    row = await insertPendingCredential(db, user.id, encryptSecret(config.sessionSecret, newTotpSecret()));
    secret = decryptSecret(config.sessionSecret, row.secret_ciphertext)!;
  }
  return { secret, qrCode: await qrCodeDataUri(otpauthUri(user.email, secret)) };
}

export type ConfirmResult = { ok: true; recoveryCodes: string[] } | { ok: false };

/**
 * The first code from the app confirms the set-up: the factor is on, ten recovery codes are made
 * (returned to be shown once; only their hashes are kept), the user is told by e-mail.
 */
export async function confirmSetUp(
  deps: Deps,
  user: Person,
  accountId: number | null,
  code: string,
  ip: string | undefined,
): Promise<ConfirmResult> {
  const { db, config, clock, mailer, i18n } = deps;
  const row = await findCredential(db, user.id);
  if (!row || row.enabled_at) return { ok: false };
  const secret = decryptSecret(config.sessionSecret, row.secret_ciphertext);
  const step = secret ? await totpStep(secret, normaliseCode(code), null, clock()) : null;
  if (step === null) return { ok: false };

  const recoveryCodes = newRecoveryCodes();
  const enabled = await db.transaction(async (trx) => {
    if (!(await enableCredential(trx, user.id, step))) return false;
    await replaceRecoveryCodes(trx, user.id, recoveryCodes.map(hashRecoveryCode));
    await recordAudit(trx, {
      action: 'two_factor.enabled',
      actorUserId: user.id,
      accountId,
      targetType: 'user',
      targetId: user.id,
      ip,
    });
    await mailer.enqueue(twoFactorEnabledMail(i18n.getFixedT(user.locale), user, config.baseUrl), trx);
    return true;
  });
  return enabled ? { ok: true, recoveryCodes } : { ok: false };
}

/** A code typed to change the factor itself: wrong codes count toward the sign-in lockout. */
async function codeAccepted(deps: Deps, current: CurrentUser, code: string, ip: string | undefined) {
  const { db, config, clock } = deps;
  const credential = await enabledCredential(db, current.id);
  if (!credential) return false;
  const locked = await isEmailLocked(db, current.email);
  const check = locked
    ? { ok: false as const }
    : await checkSecondFactor(db, { sessionSecret: config.sessionSecret, now: clock() }, credential, code, {
        accountId: current.account?.id ?? null,
        ip,
      });
  if (!check.ok) await recordCredentialFailure(db, current.email, ip);
  return check.ok;
}

/** Desactivar: needs a current code (or a recovery code). The caller has asked the policy. */
export async function turnOff(deps: Deps, current: CurrentUser, code: string, ip: string | undefined) {
  if (!(await codeAccepted(deps, current, code, ip))) return false;
  await deps.db.transaction(async (trx) => {
    await deleteCredential(trx, current.id);
    await recordAudit(trx, {
      action: 'two_factor.disabled',
      actorUserId: current.id,
      accountId: current.account?.id ?? null,
      targetType: 'user',
      targetId: current.id,
      ip,
    });
    const t = deps.i18n.getFixedT(current.locale);
    await deps.mailer.enqueue(twoFactorDisabledMail(t, current, deps.config.baseUrl), trx);
  });
  return true;
}

/** New recovery codes (the old ones stop working); needs a current code. Null when refused. */
export async function renewRecoveryCodes(
  deps: Deps,
  current: CurrentUser,
  code: string,
  ip: string | undefined,
): Promise<string[] | null> {
  if (!(await codeAccepted(deps, current, code, ip))) return null;
  const recoveryCodes = newRecoveryCodes();
  await deps.db.transaction(async (trx) => {
    await replaceRecoveryCodes(trx, current.id, recoveryCodes.map(hashRecoveryCode));
    await recordAudit(trx, {
      action: 'two_factor.recovery_codes_renewed',
      actorUserId: current.id,
      accountId: current.account?.id ?? null,
      targetType: 'user',
      targetId: current.id,
      ip,
    });
  });
  return recoveryCodes;
}

/**
 * Restablecer verificación en dos pasos (Administrar usuarios): the member's factor and recovery
 * codes are removed, their sessions end and the member is told by e-mail. If their role requires a
 * factor, they set up a new one at their next sign-in. The caller found the target in the account
 * and asked the policy.
 */
export async function resetMemberTwoFactor(
  deps: Deps,
  manager: MemberUser,
  target: AccountUser,
  ip: string | undefined,
): Promise<void> {
  await deps.db.transaction(async (trx: Db) => {
    await deleteCredential(trx, target.user_id);
    // A session signed in with the factor just removed must not outlive it.
    await endAllSessions(trx, target.user_id);
    await recordAudit(trx, {
      action: 'user.two_factor_reset',
      accountId: target.account_id,
      actorUserId: manager.id,
      targetType: 'membership',
      targetId: target.membership_id,
      ip,
    });
    const user = await findUserById(trx, target.user_id);
    const t = deps.i18n.getFixedT(user?.locale ?? 'es');
    await deps.mailer.enqueue(
      twoFactorResetMail(
        t,
        { email: target.email, firstName: target.first_name },
        {
          managerName: `${manager.firstName} ${manager.lastName}`,
          accountName: manager.account.name,
          accountId: target.account_id,
          baseUrl: deps.config.baseUrl,
        },
      ),
      trx,
    );
  });
}
