import express, { type Router } from 'express';
import type { AppDeps } from '../app-deps';
import { authenticate, requireScope } from './auth';
import { idempotencyKeyOf, runOnce, type KeepAnswer } from './idempotency';
import { ensureAccountBelow, ensurePathParams } from './load';
import type { ApiOperation } from './operation';
import { ApiProblem, apiErrorHandler, apiNotFound } from './problem';
import { apiOperations } from './routes';

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Everything below /api: mounted before the session, CSRF and view middleware, so no cookie is
 * ever read here (a token is the only credential, and there is no CSRF surface). Every answer is
 * JSON and `Cache-Control: no-store`; every error is problem+json, 404 and 405 included.
 */
export function setUpApi(deps: AppDeps): Router {
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  const auth = authenticate(deps);
  const json = express.json({ limit: '1mb', type: JSON_TYPES });
  const operations = apiOperations(deps);
  const methods = new Map<string, string[]>();

  for (const op of operations) {
    const path = `/v1${op.path}`;
    methods.set(path, [...(methods.get(path) ?? []), op.method.toUpperCase()]);
    const chain = op.scope === null ? [] : [auth];
    router[op.method](path, ...chain, acceptsJson(op), json, async (req, res) => {
      const caller = req.apiCaller ?? null;
      if (caller && op.scope !== null && op.scope !== 'any') requireScope(caller, op.scope);
      ensurePathParams(op, req.params);
      const account =
        caller && req.params.id !== undefined ? await ensureAccountBelow(deps, caller, req.params.id) : undefined;
      const run = (keep?: KeepAnswer) => op.run(req, res, caller, account, keep);
      const reply =
        op.idempotencyKey && caller
          ? await runOnce(deps.db, caller.account.id, idempotencyKeyOf(req), req, run)
          : { ...(await run()), replayed: false };
      if (reply.replayed) res.set('Idempotent-Replayed', 'true');
      if (reply.location) res.location(`${req.baseUrl}/v1${reply.location}`);
      res.status(reply.status).json(reply.body);
    });
  }
  for (const [path, allowed] of methods) {
    const allow = [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])])].join(', ');
    router.all(path, (_req, _res, next) => {
      next(new ApiProblem(405, 'method_not_allowed', `This path answers ${allow}.`, { headers: { Allow: allow } }));
    });
  }
  router.use(apiNotFound);
  router.use(apiErrorHandler(deps.logger));
  return router;
}

/** 415 for a body that is not JSON, before it is read. */
function acceptsJson(op: ApiOperation): express.RequestHandler {
  return (req, _res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (op.body && hasBody && !req.is(JSON_TYPES))
      return next(new ApiProblem(415, 'unsupported_media_type', 'Send the body as application/json.'));
    next();
  };
}
