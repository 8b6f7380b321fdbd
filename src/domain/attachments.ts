import path from 'node:path';

export interface NewAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Null: over the caps, not kept. */
  content: Buffer | null;
}

/**
 * How much a ticket message may carry, from the portal's forms and from e-mail alike (e-mail is
 * also bounded by INBOUND_MAX_BYTES as a whole). Files are kept in PostgreSQL and only ever served
 * as downloads (controllers/customer/ticket-attachments.ts).
 */
export const ATTACHMENT_LIMITS = {
  /** Per file. */
  fileBytes: 5 * 1024 * 1024,
  /** All the files of one message together. */
  messageBytes: 10 * 1024 * 1024,
  /** Files per message. */
  files: 5,
} as const;

/** A file name fit to show and to offer as a download name: no path, no control characters. */
export function cleanFilename(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const base = path.posix.basename((name ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '');
  const trimmed = base.trim().slice(-255);
  return trimmed === '' || trimmed === '.' || trimmed === '..' ? 'adjunto' : trimmed;
}

/** The declared type when it is a plain type/subtype; anything else is just bytes. */
export function cleanContentType(type: string | undefined): string {
  const value = (type ?? '').split(';')[0].trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(value)
    ? value
    : 'application/octet-stream';
}

/**
 * The files of an e-mail within the caps: each one over a cap (or past the count, or once the
 * message's total is reached) is recorded without its content, so it shows as not kept.
 */
export function withinLimits(
  files: { filename?: string; contentType?: string; content: Buffer }[],
  messageBytes: number = ATTACHMENT_LIMITS.messageBytes,
): NewAttachment[] {
  let total = 0;
  return files.map((file, index) => {
    const size = file.content.length;
    const fits =
      index < ATTACHMENT_LIMITS.files &&
      size <= ATTACHMENT_LIMITS.fileBytes &&
      total + size <= Math.min(messageBytes, ATTACHMENT_LIMITS.messageBytes);
    if (fits) total += size;
    return {
      filename: cleanFilename(file.filename),
      contentType: cleanContentType(file.contentType),
      size,
      content: fits ? file.content : null,
    };
  });
}
