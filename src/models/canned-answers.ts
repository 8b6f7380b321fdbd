import type { Db } from '../db/knex';

/** «Respuestas predefinidas»: the platform's, shared by every helpdesk agent. */
export interface CannedAnswer {
  id: number;
  title: string;
  body_es: string;
  body_en: string;
}

export interface CannedAnswerValues {
  title: string;
  body_es: string;
  body_en: string;
}

const FIELDS = ['id', 'title', 'body_es', 'body_en'];

/** Every canned answer by title (a helpdesk keeps tens of them, not thousands). */
export function cannedAnswers(db: Db): Promise<CannedAnswer[]> {
  return db('canned_answers').orderBy(['title', 'id']).limit(500).select(FIELDS);
}

export function findCannedAnswer(db: Db, id: number): Promise<CannedAnswer | undefined> {
  return db('canned_answers').where({ id }).first(FIELDS);
}

export async function insertCannedAnswer(db: Db, values: CannedAnswerValues): Promise<number> {
  const [row] = await db('canned_answers').insert(values).returning('id');
  return (row as { id: number }).id;
}

export async function updateCannedAnswer(db: Db, id: number, values: CannedAnswerValues): Promise<void> {
  await db('canned_answers')
    .where({ id })
    .update({ ...values, updated_at: db.fn.now() });
}

export async function deleteCannedAnswer(db: Db, id: number): Promise<void> {
  await db('canned_answers').where({ id }).delete();
}
