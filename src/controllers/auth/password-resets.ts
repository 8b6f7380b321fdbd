import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { parseNewPassword, parseRecoveryEmail } from '../../forms/auth/password-reset';
import { TooManyRequestsError } from '../../middleware/errors';
import { saveFormSession, setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { findUserByEmail } from '../../models/users';
import { recordAudit } from '../../services/audit';
import { completePasswordReset, findPasswordReset, issuePasswordReset } from '../../services/password-resets';
import { hashSecret } from '../../services/passwords';
import { currentHits, hitLimit } from '../../services/rate-limits';

/** Requests for reset links per client address and per e-mail address. */
const MAX_REQUESTS_PER_IP = 10;
const MAX_MAILS_PER_EMAIL = 3;

/** ¿Olvidaste tu contraseña? by e-mail: the choice page, the link request, and the link itself. */
export function passwordResetsController(deps: AppDeps) {
  const { db } = deps;

  function renderUnusable(res: Response, state: 'invalid' | 'expired') {
    res.status(state === 'expired' ? 410 : 404).render('auth/passwords/unusable', { state });
  }

  return {
    /** GET /password/forgot */
    async choose(req: Request, res: Response) {
      await saveFormSession(req, res);
      res.render('auth/passwords/forgot', { values: { email: '' } });
    },

    /**
     * POST /password/forgot/email — the same page, status and work whether or not the address is
     * registered: the e-mail is written to the outbox and sent by the worker, never in the request.
     */
    async create(req: Request, res: Response) {
      const ipKey = `reset:ip:${req.ip}`;
      const ip = await currentHits(db, ipKey);
      if (ip.hits >= MAX_REQUESTS_PER_IP)
        throw new TooManyRequestsError(Math.max(1, Math.ceil(((ip.resetAt?.getTime() ?? 0) - Date.now()) / 1000)));
      const form = parseRecoveryEmail(req.body);
      if (!form.ok)
        return res.status(422).render('auth/passwords/forgot', { values: form.values, errors: form.errors });
      await hitLimit(db, ipKey, 15 * 60);

      const email = form.data.email;
      const perEmail = await hitLimit(db, `reset:email:${email}`, 3600);
      const user = await findUserByEmail(db, email);
      if (user?.password_hash && perEmail.hits <= MAX_MAILS_PER_EMAIL) {
        await db.transaction((trx) => issuePasswordReset(deps, trx, user, req.ip));
      }
      await recordAudit(db, {
        action: 'password.reset_requested',
        actorUserId: user?.id ?? null,
        ip: req.ip,
        metadata: { email, known: Boolean(user?.password_hash) },
      });
      return res.render('auth/passwords/sent', { email });
    },

    /** GET /password/reset/:token */
    async edit(req: Request, res: Response) {
      const found = await findPasswordReset(deps, req.params.token);
      if (found.state !== 'ok') return renderUnusable(res, found.state);
      await saveFormSession(req, res);
      return res.render('auth/passwords/reset', { token: req.params.token });
    },

    /** POST /password/reset/:token — the link works once; every session of the user ends. */
    async update(req: Request, res: Response) {
      const token = req.params.token as string;
      const found = await findPasswordReset(deps, token);
      if (found.state !== 'ok') return renderUnusable(res, found.state);
      const user = await db('users').where({ id: found.userId }).first('email');
      const form = parseNewPassword(req.body, user.email);
      if (!form.ok) return res.status(422).render('auth/passwords/reset', { token, errors: form.errors });
      const hash = await hashSecret(form.data.password);
      const done = await db.transaction(async (trx) => {
        const again = await findPasswordReset(deps, token, trx, true);
        if (again.state !== 'ok') return false;
        await trx('password_resets').where({ id: again.resetId }).update({ used_at: deps.clock() });
        await completePasswordReset(deps, trx, again.userId, hash, 'email', req.ip);
        return true;
      });
      if (!done) return renderUnusable(res, 'invalid');
      setFlash(req, 'flash.password_reset');
      await saveSession(req);
      return res.redirect(303, '/login');
    },
  };
}
