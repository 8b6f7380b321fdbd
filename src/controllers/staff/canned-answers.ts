import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { FieldErrors } from '../../forms/form';
import { parseCannedAnswer } from '../../forms/staff/canned-answer';
import { NotFoundError } from '../../domain/errors';
import { positiveId } from '../../domain/ids';
import { cannedAnswers, findCannedAnswer, type CannedAnswer } from '../../models/canned-answers';
import { changeCannedAnswer, createCannedAnswer, removeCannedAnswer } from '../../services/canned-answers';
import { withMember } from '../handlers';
import { redirectWithFlash, submitFormOnce } from '../respond';

const INDEX = '/staff/canned-answers';

/** «Respuestas predefinidas»: the platform admins' list (the route policy is manageCannedAnswers). */
export function cannedAnswersController(deps: AppDeps) {
  const { db } = deps;

  async function load(req: Request): Promise<CannedAnswer> {
    const id = positiveId(req.params.id);
    const answer = id === null ? undefined : await findCannedAnswer(db, id);
    if (!answer) throw new NotFoundError();
    return answer;
  }

  const renderForm = (
    res: Response,
    status: number,
    answer: CannedAnswer | null,
    values: Record<string, string>,
    errors: FieldErrors = {},
  ) => res.status(status).render('staff/canned-answers/form', { answer, values, errors });

  return {
    /** GET /staff/canned-answers */
    index: withMember(async (_req, res) => {
      res.render('staff/canned-answers/index', { answers: await cannedAnswers(db) });
    }),

    /** GET /staff/canned-answers/new */
    new: withMember((_req, res) => renderForm(res, 200, null, { title: '', body_es: '', body_en: '' })),

    /** POST /staff/canned-answers/new */
    create: withMember(async (req, res, current) => {
      const form = parseCannedAnswer(req.body);
      if (!form.ok) return renderForm(res, 422, null, form.values, form.errors);
      const submitted = await submitFormOnce(deps, req, res, {
        userId: current.id,
        work: (tx) => createCannedAnswer(tx, current, form.data, req.ip),
        pathOf: () => INDEX,
        conflict: () => renderForm(res, 422, null, form.data, { title: 'errors.form.conflict' }),
      });
      if (!submitted) return;
      return redirectWithFlash(req, res, INDEX, 'flash.canned_answer_saved');
    }),

    /** GET /staff/canned-answers/:id/edit */
    edit: withMember(async (req, res) => {
      const answer = await load(req);
      renderForm(res, 200, answer, { title: answer.title, body_es: answer.body_es, body_en: answer.body_en });
    }),

    /** POST /staff/canned-answers/:id/edit */
    update: withMember(async (req, res, current) => {
      const answer = await load(req);
      const form = parseCannedAnswer(req.body);
      if (!form.ok) return renderForm(res, 422, answer, form.values, form.errors);
      await changeCannedAnswer(deps, current, answer, form.data, req.ip);
      return redirectWithFlash(req, res, INDEX, 'flash.canned_answer_saved');
    }),

    /** POST /staff/canned-answers/:id/delete */
    destroy: withMember(async (req, res, current) => {
      const answer = await load(req);
      await removeCannedAnswer(deps, current, answer, req.ip);
      return redirectWithFlash(req, res, INDEX, 'flash.canned_answer_deleted', { title: answer.title });
    }),
  };
}
