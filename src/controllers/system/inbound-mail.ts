import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { fileRawMail } from '../../services/inbound-filing';

/** POST /inbound/mail — a raw RFC 822 message from a mail gateway, with `Authorization: Bearer <token>`. */
export function inboundMailController({ config, ...deps }: AppDeps) {
  const expected = config.inbound.token ? Buffer.from(`Bearer ${config.inbound.token}`) : null;
  // Past the limit the rest of the body is read and dropped (never kept), then 413 is answered:
  // the gateway gets a response, not a reset connection.
  const readBody = express.raw({ type: () => true, limit: config.inbound.maxBytes });
  const body = (req: Request, res: Response) =>
    new Promise<Buffer | null>((resolve, reject) => {
      readBody(req, res, (err?: unknown) => {
        if ((err as { type?: string } | undefined)?.type === 'entity.too.large') return resolve(null);
        if (err) return reject(err instanceof Error ? err : new Error('unreadable request body'));
        return resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      });
    });

  return {
    async create(req: Request, res: Response) {
      if (!expected) throw new NotFoundError();
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
        return;
      }
      const raw = await body(req, res);
      if (raw === null) {
        res.status(413).json({ error: 'too_large' });
        return;
      }
      const result = await fileRawMail({ config, ...deps }, raw);
      res.status(result.outcome === 'duplicate' ? 200 : 202).json(result);
    },
  };
}
