import type { AppDeps } from '../app-deps';
import type { Db } from '../db/knex';
import { questionsLockedMail } from '../mail/messages';
import { findUserByEmail } from '../models/users';
import { recordAudit } from './audit';
import { clearRecoveryFailures, isRecoveryLocked, recordRecoveryFailure } from './lockout';
import { completePasswordReset } from './password-resets';
import { hashSecret } from './passwords';
import { answersMatch, questionsOf } from './security-questions';
import { decoyQuestions, type QuestionKey } from '../domain/security-questions';

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

export type AnswersOutcome = 'accepted' | 'wrong' | 'locked';

/**
 * Whether the answers unlock the password step. All three are always checked (bcrypt), known
 * address or not. Wrong answers are counted apart from sign-in failures: they lock this path for
 * the address (and the user is told by e-mail when it locks), never the password. Once locked,
 * even right answers fail.
 */
export async function checkRecoveryAnswers(
  deps: AppDeps,
  email: string,
  answers: string[],
  ip: string | undefined,
): Promise<AnswersOutcome> {
  const { db } = deps;
  // Locked is no secret (the page says so), so a locked address costs no bcrypt at all.
  if (await isRecoveryLocked(db, email)) return 'locked';
  const { user, stored } = await storedQuestions(db, email);
  if (await answersMatch(stored, answers)) {
    await clearRecoveryFailures(db, email);
    return 'accepted';
  }
  const { lockedNow } = await recordRecoveryFailure(db, email, ip);
  await db.transaction(async (trx) => {
    await recordAudit(trx, {
      action: 'password.questions_failed',
      actorUserId: user?.id ?? null,
      ip,
      metadata: { email },
    });
    if (lockedNow && user?.password_hash) {
      // Whoever answered is unknown: the user is the target, not the actor.
      await recordAudit(trx, {
        action: 'password.questions_locked',
        targetType: 'user',
        targetId: user.id,
        ip,
        metadata: { email },
      });
      await deps.mailer.enqueue(
        questionsLockedMail(
          deps.i18n.getFixedT(user.locale),
          { email: user.email, firstName: user.first_name },
          deps.config.baseUrl,
        ),
        trx,
      );
    }
  });
  return lockedNow ? 'locked' : 'wrong';
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
  await deps.db.transaction((trx) => completePasswordReset({ ...deps, db: trx }, user.id, hash, 'questions', ip));
  return true;
}
