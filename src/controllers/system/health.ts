import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { databaseAnswers } from '../../models/health';

export function healthController({ db }: AppDeps) {
  return {
    /** GET /healthz — the process is up. */
    live(_req: Request, res: Response) {
      res.json({ status: 'ok' });
    },

    /** GET /readyz — the database answers. */
    async ready(_req: Request, res: Response) {
      if (await databaseAnswers(db, 2000)) res.json({ status: 'ready' });
      else res.status(503).json({ status: 'unavailable' });
    },
  };
}
