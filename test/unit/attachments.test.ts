import { parseAttachments } from '../../src/forms/customer/attachments';
import { ATTACHMENT_LIMITS, cleanContentType, cleanFilename, withinLimits } from '../../src/domain/attachments';

describe('names and types of kept files', () => {
  it('keeps only the base name, without control characters', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\ana\\factura.pdf')).toBe('factura.pdf');
    expect(cleanFilename('a\u0000b\r\n.txt')).toBe('ab.txt');
    expect(cleanFilename('')).toBe('adjunto');
    expect(cleanFilename('..')).toBe('adjunto');
  });

  it('keeps a plain type/subtype, anything else is bytes', () => {
    expect(cleanContentType('Application/PDF; name="x.pdf"')).toBe('application/pdf');
    expect(cleanContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(cleanContentType(undefined)).toBe('application/octet-stream');
  });
});

describe('the caps on e-mail attachments', () => {
  const file = (bytes: number, name = 'f.bin') => ({
    filename: name,
    contentType: 'application/octet-stream',
    content: Buffer.alloc(bytes),
  });

  it('records a file over a cap by name, without its content', () => {
    const kept = withinLimits([file(10), file(ATTACHMENT_LIMITS.fileBytes + 1, 'grande.bin'), file(10)]);
    expect(kept.map((a) => [a.filename, a.content === null])).toEqual([
      ['f.bin', false],
      ['grande.bin', true],
      ['f.bin', false],
    ]);
  });

  it('stops keeping once the message total or the file count is reached', () => {
    const four = ATTACHMENT_LIMITS.fileBytes - 1;
    expect(withinLimits([file(four), file(four), file(four)]).map((a) => a.content !== null)).toEqual([
      true,
      true,
      false,
    ]);
    expect(withinLimits([file(10), file(10)], 15).map((a) => a.content !== null)).toEqual([true, false]);
    const many = withinLimits(Array.from({ length: ATTACHMENT_LIMITS.files + 2 }, () => file(1)));
    expect(many.filter((a) => a.content !== null)).toHaveLength(ATTACHMENT_LIMITS.files);
  });
});

describe('the file field of the ticket forms', () => {
  const upload = (size: number, originalname = 'a.txt') =>
    ({ originalname, mimetype: 'text/plain', size, buffer: Buffer.alloc(size) }) as Express.Multer.File;

  it('refuses what the upload limits stopped, and a total over the cap', () => {
    expect(parseAttachments([], 'LIMIT_FILE_SIZE')).toMatchObject({
      ok: false,
      errors: { attachments: { key: 'errors.attachments.attachments.too_large' } },
    });
    expect(parseAttachments([], 'LIMIT_FILE_COUNT')).toMatchObject({
      ok: false,
      errors: { attachments: { key: 'errors.attachments.attachments.too_many' } },
    });
    const half = ATTACHMENT_LIMITS.messageBytes / 2;
    expect(parseAttachments([upload(half), upload(half), upload(1)], undefined)).toMatchObject({ ok: false });
  });

  it('ignores an empty file input and keeps the rest', () => {
    const parsed = parseAttachments([upload(0, ''), upload(3, 'nota.txt')], undefined);
    expect(parsed).toMatchObject({ ok: true, files: [{ filename: 'nota.txt', size: 3, contentType: 'text/plain' }] });
  });
});
