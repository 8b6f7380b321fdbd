import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { findOutboxMessage, recentOutboxMessages } from '../../models/mail-outbox';
import { positiveId } from '../../domain/ids';

/** Text split into plain parts and links, so a view can print links without unescaped HTML. */
export function linkify(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], href: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Development only (never registered in production): the outbox, so invitation links can be followed. */
export function devMailController({ db }: AppDeps) {
  return {
    /** GET /dev/mail */
    async index(_req: Request, res: Response) {
      res.render('dev/mail/index', { messages: await recentOutboxMessages(db, 100) });
    },

    /** GET /dev/mail/:id */
    async show(req: Request, res: Response) {
      const id = positiveId(req.params.id);
      const message = id ? await findOutboxMessage(db, id) : undefined;
      if (!message) throw new NotFoundError();
      res.render('dev/mail/show', { message, parts: linkify(message.text_body) });
    },
  };
}
