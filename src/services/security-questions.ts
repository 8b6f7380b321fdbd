import { createHmac } from 'node:crypto';
import type { Db } from '../db/knex';
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

export async function saveAnswers(
  db: Db,
  userId: number,
  answers: { question: QuestionKey; answer: string }[],
): Promise<void> {
  const rows = await Promise.all(
    answers.map(async (a, i) => ({
      user_id: userId,
      position: i + 1,
      question_key: a.question,
      answer_hash: await hashSecret(normaliseAnswer(a.answer)),
    })),
  );
  await db('security_answers').where({ user_id: userId }).delete();
  await db('security_answers').insert(rows);
}

export async function questionsOf(
  db: Db,
  userId: number,
): Promise<{ position: number; question_key: QuestionKey; answer_hash: string }[]> {
  return db('security_answers')
    .where({ user_id: userId })
    .orderBy('position')
    .select('position', 'question_key', 'answer_hash');
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
