import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';

export function healthController({ db }: AppDeps) {
  return {
    /** GET /healthz — the process is up. */
    live(_req: Request, res: Response) {
      res.json({ status: 'ok' });
    },

    /** GET /readyz — the database answers. */
    async ready(_req: Request, res: Response) {
      try {
        await db.raw('SELECT 1').timeout(2000, { cancel: true });
        res.json({ status: 'ready' });
      } catch {
        res.status(503).json({ status: 'unavailable' });
      }
    },
  };
}
