import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../middleware/errors';
import { fileRawMail } from '../../services/inbound-filing';

function readBody(req: Request, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** POST /inbound/mail — a raw RFC 822 message from a mail gateway, with `Authorization: Bearer <token>`. */
export function inboundMailController({ config, ...deps }: AppDeps) {
  const expected = config.inbound.token ? Buffer.from(`Bearer ${config.inbound.token}`) : null;
  return {
    async create(req: Request, res: Response) {
      if (!expected) throw new NotFoundError();
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
        return;
      }
      const raw = await readBody(req, config.inbound.maxBytes);
      if (raw === null) {
        res.status(413).json({ error: 'too_large' });
        return;
      }
      const result = await fileRawMail({ config, ...deps }, raw);
      res.status(result.outcome === 'duplicate' ? 200 : 202).json(result);
    },
  };
}
