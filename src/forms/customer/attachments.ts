import type { NewAttachment } from '../../domain/attachments';
import { ATTACHMENT_LIMITS, cleanContentType, cleanFilename } from '../../domain/attachments';
import type { FieldErrors } from '../form';

/** What the form shows of the caps, e.g. { size: '5 MB', total: '10 MB', files: '5' }. */
export function attachmentCaps(): Record<string, string> {
  const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
  return {
    size: mb(ATTACHMENT_LIMITS.fileBytes),
    total: mb(ATTACHMENT_LIMITS.messageBytes),
    files: String(ATTACHMENT_LIMITS.files),
  };
}

/**
 * The files of a ticket form (field `attachments`): within the caps, with names and types fit to
 * keep, or the reason they were refused (`refusal`: the upload limit the request ran into).
 */
export function parseAttachments(
  files: unknown,
  refusal: string | undefined,
): { ok: true; files: NewAttachment[] } | { ok: false; errors: FieldErrors } {
  const error = (rule: string) => ({
    ok: false as const,
    errors: { attachments: { key: `errors.attachments.attachments.${rule}`, params: attachmentCaps() } },
  });
  if (refusal === 'LIMIT_FILE_SIZE') return error('too_large');
  if (refusal === 'LIMIT_FILE_COUNT' || refusal === 'LIMIT_UNEXPECTED_FILE') return error('too_many');
  if (refusal) return error('invalid');
  const list = (Array.isArray(files) ? files : []) as Express.Multer.File[];
  const chosen = list.filter((f) => f.size > 0 || f.originalname);
  if (chosen.reduce((sum, f) => sum + f.size, 0) > ATTACHMENT_LIMITS.messageBytes) return error('total_too_large');
  return {
    ok: true,
    files: chosen.map((f) => ({
      filename: cleanFilename(f.originalname),
      contentType: cleanContentType(f.mimetype),
      size: f.buffer.length,
      content: f.buffer,
    })),
  };
}
