import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { ATTACHMENT_LIMITS } from '../domain/attachments';
import { BadRequestError } from '../domain/errors';
import { stripNul } from '../domain/nul-bytes';

const refusals = new WeakMap<Request, string>();

/** Why the files of this request were refused (a multer limit's code), if they were. */
export function uploadRefusal(req: Request): string | undefined {
  return refusals.get(req);
}

/**
 * Reads a multipart form with files (field `attachments`) into memory, within the caps, before the
 * CSRF check — the token travels in the body, which is only readable once this has parsed it, so
 * the check still runs on every such form. Past a cap the rest of the body is read and dropped and
 * the action re-renders the form with the reason (uploadRefusal); a body it cannot read answers 400.
 * File names are read as UTF-8. Other bodies pass untouched.
 */
export function ticketUploads(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send a file's name as UTF-8 bytes without saying so; latin1 would make ñandú «Ã±andÃº».
    defParamCharset: 'utf8',
    limits: {
      fileSize: ATTACHMENT_LIMITS.fileBytes,
      files: ATTACHMENT_LIMITS.files,
      fields: 50,
      fieldSize: 100 * 1024,
      parts: ATTACHMENT_LIMITS.files + 50,
    },
  }).array('attachments', ATTACHMENT_LIMITS.files);
  return (req, res, next) => {
    upload(req, res, (err?: unknown) => {
      if (err instanceof multer.MulterError) {
        refusals.set(req, err.code);
        req.files = [];
      } else if (err) {
        // A body the parser cannot read (cut off, no boundary) is the client's fault, never a 500.
        return next(Object.assign(new BadRequestError('unreadable multipart body'), { cause: err }));
      }
      if (req.body && typeof req.body === 'object') req.body = stripNul(req.body as object);
      return next();
    });
  };
}
