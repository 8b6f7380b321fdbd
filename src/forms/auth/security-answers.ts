import { z } from 'zod';
import { isQuestionKey, type QuestionKey } from '../../domain/security-questions';

/** `questions[1..3]` and `answers[1..3]` arrive as arrays (or objects) from the urlencoded body. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.values(value);
  return [];
}

export const securityAnswersFields = {
  questions: z
    .unknown()
    .optional()
    .transform((v, ctx): QuestionKey[] => {
      const list = listOf(v);
      if (list.length !== 3 || !list.every(isQuestionKey)) {
        ctx.addIssue({ code: 'custom', message: 'errors.security.questions.required' });
        return z.NEVER;
      }
      if (new Set(list).size !== 3) {
        ctx.addIssue({ code: 'custom', message: 'errors.security.questions.distinct' });
        return z.NEVER;
      }
      return list;
    }),
  answers: z
    .unknown()
    .optional()
    .transform((v, ctx): string[] => {
      const list = listOf(v).map((a) => (typeof a === 'string' ? a.trim() : ''));
      if (list.length !== 3 || list.some((a) => a.length < 2)) {
        ctx.addIssue({ code: 'custom', message: 'errors.security.answers.required' });
        return z.NEVER;
      }
      if (list.some((a) => a.length > 100)) {
        ctx.addIssue({ code: 'custom', message: 'errors.security.answers.too_long' });
        return z.NEVER;
      }
      return list;
    }),
};

/** The questions ticked in a refused form, to show them again (answers are never shown back). */
export function chosenQuestions(body: unknown): string[] {
  return listOf((body as Record<string, unknown> | undefined)?.questions).map((q) => (typeof q === 'string' ? q : ''));
}

/** The answers as typed, to show them again after an error (they are not passwords). */
export function typedAnswers(body: unknown): string[] {
  return listOf((body as Record<string, unknown> | undefined)?.answers)
    .slice(0, 3)
    .map((a) => (typeof a === 'string' ? a.slice(0, 200) : ''));
}

/** The parsed questions and answers as pairs, in order. */
export function answerPairs(data: { questions: QuestionKey[]; answers: string[] }) {
  return data.questions.map((question, i) => ({ question, answer: data.answers[i] }));
}

/**
 * The answers typed on the recovery page, `answers[1..3]`, as text (anything else counts as an
 * empty answer). Never refused here: a wrong or missing answer is simply one that does not match.
 */
export function recoveryAnswers(body: unknown): string[] {
  return listOf((body as Record<string, unknown> | undefined)?.answers).map((a) => (typeof a === 'string' ? a : ''));
}
