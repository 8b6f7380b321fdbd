import type { Db } from '../db/knex';

export interface SecurityAnswerRow {
  position: number;
  question_key: string;
  answer_hash: string;
}

/** The user's questions in order, with the hashes of their answers. */
export async function securityAnswersOf(db: Db, userId: number): Promise<SecurityAnswerRow[]> {
  return db('security_answers')
    .where({ user_id: userId })
    .orderBy('position')
    .select('position', 'question_key', 'answer_hash');
}

/** Replaces the user's questions and answers with these (positions 1, 2, 3…). */
export async function replaceSecurityAnswers(
  db: Db,
  userId: number,
  answers: { question_key: string; answer_hash: string }[],
): Promise<void> {
  await db('security_answers').where({ user_id: userId }).delete();
  await db('security_answers').insert(answers.map((a, i) => ({ user_id: userId, position: i + 1, ...a })));
}
