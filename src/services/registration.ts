import type { AppDeps } from '../app-deps';
import type { SignInSession } from '../domain/sign-in-session';
import type { InvitationAcceptance } from '../forms/auth/registration';
import { findInvitation, acceptInvitation, type InvitationDetails } from '../models/invitations';
import { authorizeUserContact } from '../models/contacts';
import { findUserById, updatePassword } from '../models/users';
import { recordAudit } from './audit';
import { currentPasswordAccepted } from './lockout';
import { hashSecret } from './passwords';
import { saveAnswers } from './security-questions';
import { beginSignIn } from './sign-in';
import { emitUserEvent } from './webhooks/emit';
import { queueAccountNotice } from './account-notices';

/** 'second_factor': accepted, and the session waits for the code at /login/two-factor. */
export type AcceptanceResult = 'accepted' | 'second_factor' | 'wrong_password' | 'unusable';

/**
 * Accepts an invitation and signs the person in to its account: an existing login proves itself
 * with its password (counted toward the lockout); a new person's password and security questions
 * are saved. The membership is accepted and the person's contact authorized in one transaction.
 * Single use even when two tabs submit at once: the invitation row is locked and checked again
 * ('unusable' when it no longer is).
 */
export async function acceptInvitationAndSignIn(
  deps: AppDeps,
  session: SignInSession,
  token: string,
  invitation: InvitationDetails,
  input: InvitationAcceptance,
): Promise<AcceptanceResult> {
  const { db, clock } = deps;
  if (input.kind === 'existing') {
    const user = await findUserById(db, invitation.userId);
    const accepted = await currentPasswordAccepted(
      db,
      { email: invitation.email, passwordHash: user?.password_hash },
      input.password,
      session.ip,
    );
    if (!accepted) return 'wrong_password';
  }
  const registration =
    input.kind === 'new' ? { passwordHash: await hashSecret(input.password), answers: input.answers } : null;

  const sessionVersion = await db.transaction(async (trx) => {
    const again = await findInvitation(trx, token, clock(), true);
    if (again.state !== 'ok') return null;
    let version = invitation.sessionVersion;
    if (registration) {
      version = await updatePassword(trx, invitation.userId, registration.passwordHash);
      await saveAnswers(trx, invitation.userId, registration.answers);
    }
    await acceptInvitation(trx, invitation, clock());
    await authorizeUserContact(trx, invitation.accountId, invitation.userId);
    await recordAudit(trx, {
      action: 'invitation.accepted',
      accountId: invitation.accountId,
      actorUserId: invitation.userId,
      targetType: 'membership',
      targetId: invitation.membershipId,
      ip: session.ip,
      metadata: { registered_now: registration !== null },
    });
    await emitUserEvent({ ...deps, db: trx }, 'user.registered', invitation.accountId, invitation.membershipId);
    // «Generales»: the account's contacts learn who joined it (not the newcomer, who knows).
    await queueAccountNotice(
      { ...deps, db: trx },
      { id: invitation.accountId, name: invitation.accountName },
      { kind: 'user_added', name: invitation.firstName, email: invitation.email },
      [invitation.email],
    );
    return version;
  });
  if (sessionVersion === null) return 'unusable';

  const step = await beginSignIn(
    deps,
    session,
    { id: invitation.userId, email: invitation.email, session_version: sessionVersion },
    invitation.accountId,
    'invitation',
    deps.config.twoFactorRequiredFor,
  );
  return step === 'second_factor' ? 'second_factor' : 'accepted';
}
