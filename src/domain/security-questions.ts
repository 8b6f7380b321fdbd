import { createHmac } from 'node:crypto';

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
