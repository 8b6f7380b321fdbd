import type { Response } from 'express';
import type { AttachmentFile } from '../models/attachments';

/**
 * Sends a kept file as a download, never as a page: Content-Disposition attachment, nosniff, and a
 * policy that lets nothing in it run should a browser open it anyway.
 */
export function sendAttachment(res: Response, file: AttachmentFile): void {
  res.attachment(file.filename);
  res.set({
    'Content-Type': file.content_type,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  });
  res.send(file.content);
}
