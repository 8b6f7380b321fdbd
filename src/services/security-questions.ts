import { createHmac } from 'node:crypto';
import type { Db } from '../db/knex';
import { replaceSecurityAnswers, securityAnswersOf } from '../models/security-answers';
import { hashSecret, verifySecret } from './passwords';

/** The question list; texts are in the locale files (security_questions.<key>). */
export const QUESTION_KEYS = [
  'first_school',
  'childhood_friend',
  'first_pet',
  'birth_city_mother',
  'first_job',
  'favorite_teacher',
  'first_car',
  'street_grew_up',
  'favorite_book',
  'honeymoon_place',
] as const;

export type QuestionKey = (typeof QUESTION_KEYS)[number];

export function isQuestionKey(value: unknown): value is QuestionKey {
  return typeof value === 'string' && (QUESTION_KEYS as readonly string[]).includes(value);
}

/** Answers are compared without regard to case, accents' composition or extra spaces. */
export function normaliseAnswer(answer: string): string {
  return answer.normalize('NFC').toLocaleLowerCase('es').replace(/\s+/g, ' ').trim();
}

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

/**
 * Questions to show for an address with no questions on file: always the same three for the same
 * address, so that the page looks exactly as it does for a registered one.
 */
export function decoyQuestions(email: string, secret: string): QuestionKey[] {
  const digest = createHmac('sha256', secret).update(email).digest();
  const pool = [...QUESTION_KEYS];
  const chosen: QuestionKey[] = [];
  for (let i = 0; chosen.length < 3; i++) chosen.push(pool.splice(digest[i] % pool.length, 1)[0]);
  return chosen;
}

/** Every answer must match; all are checked (no early exit), and unknown users still cost the same. */
export async function answersMatch(stored: { answer_hash: string }[], given: string[]): Promise<boolean> {
  const results = await Promise.all(
    [0, 1, 2].map((i) => verifySecret(normaliseAnswer(given[i] ?? ''), stored[i]?.answer_hash ?? null)),
  );
  return stored.length === 3 && results.every(Boolean);
}
