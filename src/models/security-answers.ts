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

/** Replaces the user's questions and answers with these (positions 1, 2, 3…): they have chosen them. */
export async function replaceSecurityAnswers(
  db: Db,
  userId: number,
  answers: { question_key: string; answer_hash: string }[],
): Promise<void> {
  await db('security_answers').where({ user_id: userId }).delete();
  await db('security_answers').insert(answers.map((a, i) => ({ user_id: userId, position: i + 1, ...a })));
  await db('users').where({ id: userId, questions_required: true }).update({ questions_required: false });
}

/**
 * What a login made with someone else's password must still do before anything else: choose its
 * security questions, replace the password, or both (the first sign-in).
 */
export async function firstSignInSteps(db: Db, userId: number): Promise<{ questions: boolean; password: boolean }> {
  const row = await db('users').where({ id: userId }).first('questions_required', 'password_change_required');
  return { questions: row?.questions_required === true, password: row?.password_change_required === true };
}
