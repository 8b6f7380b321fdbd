import { z } from 'zod';
import { positiveId } from '../../domain/ids';
import { parseForm } from '../form';

export const CANNED_ANSWER_FIELDS = ['title', 'body_es', 'body_en'] as const;

const body = (language: 'es' | 'en') =>
  z
    .string({ error: `errors.canned_answer.body_${language}.required` })
    .trim()
    .min(1, `errors.canned_answer.body_${language}.required`)
    .max(10000, 'errors.canned_answer.body.too_long');

/** A canned answer: its title for the agents' list, and its text in Spanish and in English. */
export function parseCannedAnswer(input: unknown) {
  return parseForm(
    z.object({
      title: z
        .string({ error: 'errors.canned_answer.title.required' })
        .trim()
        .min(1, 'errors.canned_answer.title.required')
        .max(120, 'errors.canned_answer.title.too_long')
        .regex(/^[^\r\n]*$/, 'errors.canned_answer.title.too_long'),
      body_es: body('es'),
      body_en: body('en'),
    }),
    input,
    CANNED_ANSWER_FIELDS,
  );
}

/** «Insertar»: which canned answer, and the message typed so far (kept as it is). */
export function parseInsert(input: unknown): { canned: number | null; message: string } {
  const source = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  return {
    canned: positiveId(source.canned),
    message: typeof source.message === 'string' ? source.message.slice(0, 20000) : '',
  };
}
