import type { Db } from '../db/knex';
import { replaceSecurityAnswers, securityAnswersOf } from '../models/security-answers';
import { normaliseAnswer, type QuestionKey } from '../domain/security-questions';
import { hashSecret, verifySecret } from './passwords';

/** Replaces the user's three questions; only the hashes of the normalised answers are kept. */
export async function saveAnswers(
  db: Db,
  userId: number,
  answers: { question: QuestionKey; answer: string }[],
): Promise<void> {
  const rows = await Promise.all(
    answers.map(async (a) => ({
      question_key: a.question,
      answer_hash: await hashSecret(normaliseAnswer(a.answer)),
    })),
  );
  await replaceSecurityAnswers(db, userId, rows);
}

export async function questionsOf(
  db: Db,
  userId: number,
): Promise<{ position: number; question_key: QuestionKey; answer_hash: string }[]> {
  // Written only by saveAnswers, so every stored key is one of QUESTION_KEYS.
  return (await securityAnswersOf(db, userId)) as {
    position: number;
    question_key: QuestionKey;
    answer_hash: string;
  }[];
}

/** Every answer must match; all are checked (no early exit), and unknown users still cost the same. */
export async function answersMatch(stored: { answer_hash: string }[], given: string[]): Promise<boolean> {
  const results = await Promise.all(
    [0, 1, 2].map((i) => verifySecret(normaliseAnswer(given[i] ?? ''), stored[i]?.answer_hash ?? null)),
  );
  return stored.length === 3 && results.every(Boolean);
}
