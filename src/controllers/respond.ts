import type { Request, Response } from 'express';
import type { AppDeps } from '../app-deps';
import { formKeyOf } from '../forms/form-key';
import type { SendOutcome } from '../mail/outbox';
import { setFlash } from '../middleware/locals';
import { saveSession } from '../middleware/session';
import { submitOnce } from '../services/form-keys';

/** A flash message's interpolation values (`t(key, params)` on the next page). */
export type FlashParams = Record<string, string | number>;

/**
 * 303 to `path` once the session is saved: the browser's next request may otherwise arrive before
 * the session row (its flash, its new state) is committed.
 */
export async function saveAndRedirect(req: Request, res: Response, path: string): Promise<void> {
  await saveSession(req);
  res.redirect(303, path);
}

/** The answer to a successful POST: a flash message for the next page, then 303 to `path`. */
export async function redirectWithFlash(
  req: Request,
  res: Response,
  path: string,
  key: string,
  params?: FlashParams,
): Promise<void> {
  setFlash(req, key, params);
  await saveAndRedirect(req, res, path);
}

/** The same with an error flash: the action was refused or could not be done, and `path` says why. */
export async function redirectWithError(
  req: Request,
  res: Response,
  path: string,
  key: string,
  params: FlashParams = {},
): Promise<void> {
  setFlash(req, key, params, 'error');
  await saveAndRedirect(req, res, path);
}

/**
 * After an invitation sent at once, the truth about its e-mail: sent; queued (the mail server was
 * slow, unreachable or asked to try later: the outbox sends it as soon as it can); or refused.
 */
export async function answerInvitation(
  req: Request,
  res: Response,
  path: string,
  mail: SendOutcome,
  email: string,
): Promise<void> {
  if (mail === 'refused') return redirectWithError(req, res, path, 'flash.invitation_failed');
  return redirectWithFlash(req, res, path, mail === 'sent' ? 'flash.user_invited' : 'flash.invitation_queued', {
    email,
  });
}

/**
 * A create form submitted once per form key (`submitOnce`), with the two answers every such form
 * gives: a repeated submission (a double click, a reload) goes where the first one went — 303, no
 * second flash — and a lost unique-key race is shown on the form by `conflict` (a 422). Returns the
 * work's result when this submission did the work, or null when the response has been sent.
 * `key` defaults to the one the body carries; null runs the work without deduplication (an edit).
 */
export async function submitFormOnce<R>(
  deps: AppDeps,
  req: Request,
  res: Response,
  submission: {
    userId: number;
    key?: string | null;
    work: (deps: AppDeps) => Promise<R>;
    pathOf: (result: R) => string | null;
    conflict: () => unknown;
  },
): Promise<{ result: R } | null> {
  const key = submission.key === undefined ? formKeyOf(req.body) : submission.key;
  const submitted = await submitOnce(deps, { key, userId: submission.userId }, submission.work, submission.pathOf);
  if (submitted.kind === 'repeat') {
    res.redirect(303, submitted.path);
    return null;
  }
  if (submitted.kind === 'conflict') {
    await submission.conflict();
    return null;
  }
  return { result: submitted.result };
}
