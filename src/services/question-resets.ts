import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import { findUserByEmail } from '../models/users';
import { recordAudit } from './audit';
import { isEmailLocked, recordCredentialFailure } from './lockout';
import { completePasswordReset } from './password-resets';
import { hashSecret } from './passwords';
import { answersMatch, decoyQuestions, questionsOf, type QuestionKey } from './security-questions';

/** The questions on file for an address whose user has a password (none otherwise). */
async function storedQuestions(db: Db, email: string) {
  const user = await findUserByEmail(db, email);
  return { user, stored: user?.password_hash ? await questionsOf(db, user.id) : [] };
}

/**
 * The three questions to ask for an address: its own, or for an address with none on file the
 * same three decoys every time, so the page looks exactly as it does for a registered one.
 */
export async function recoveryQuestions(deps: AppDeps, email: string): Promise<QuestionKey[]> {
  const { stored } = await storedQuestions(deps.db, email);
  return stored.length === 3 ? stored.map((q) => q.question_key) : decoyQuestions(email, deps.config.sessionSecret);
}

/**
 * Whether the answers unlock the password step. All three are always checked (bcrypt), known
 * address or not; wrong answers count toward the sign-in lockout, and once locked even right
 * answers fail.
 */
export async function recoveryAnswersAccepted(
  db: Db,
  email: string,
  answers: string[],
  ip: string | undefined,
): Promise<boolean> {
  const { user, stored } = await storedQuestions(db, email);
  const locked = await isEmailLocked(db, email);
  const ok = (await answersMatch(stored, answers)) && !locked;
  if (!ok) {
    await recordCredentialFailure(db, email, ip);
    await recordAudit(db, {
      action: 'password.questions_failed',
      actorUserId: user?.id ?? null,
      ip,
      metadata: { email },
    });
  }
  return ok;
}

/** The new password after the answers, as a reset by link does it; false when the address has no user. */
export async function resetPasswordWithAnswers(
  deps: AppDeps,
  email: string,
  password: string,
  ip: string | undefined,
): Promise<boolean> {
  const user = await findUserByEmail(deps.db, email);
  if (!user) return false;
  const hash = await hashSecret(password);
  await deps.db.transaction((trx) => completePasswordReset(deps, trx, user.id, hash, 'questions', ip));
  return true;
}
