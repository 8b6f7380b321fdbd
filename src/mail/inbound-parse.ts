import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { withoutNul } from '../domain/nul-bytes';

export interface InboundMail {
  messageId: string;
  fromAddress: string;
  fromName: string;
  subject: string;
  text: string;
  inReplyTo: string;
  references: string[];
  /** Out-of-office and other automatic replies: never open tickets (no mail loops). */
  automatic: boolean;
  /** Delivery failures. */
  bounce: boolean;
  /**
   * Several From addresses (in one header or several), or a Sender that is not the From address:
   * who wrote it is ambiguous, so it is never filed as any of them.
   */
  conflictingSender?: boolean;
  /** The files it carried (inline images too), as sent. */
  attachments?: { filename?: string; contentType?: string; content: Buffer }[];
}

const MAX_BODY = 100_000;

/**
 * Out-of-office subjects, for the auto-replies that carry no Auto-Submitted header: in the
 * platform's languages (Spanish, English) and German, French and Portuguese. Phrases that say so
 * on their own match at the start; a single word that a person might start a subject with
 * («Ausencia de tono») counts only followed by a colon, as auto-replies write it.
 */
const OUT_OF_OFFICE = new RegExp(
  '^(?:' +
    [
      // English
      'auto:',
      'auto[- ]?reply',
      'auto[- ]?response',
      'automatic reply',
      'out of (?:the )?office',
      // Spanish
      'respuesta autom[aá]tica',
      'fuera de (?:la )?oficina',
      'autorrespuesta',
      'ausencia\\s*:',
      // German
      'abwesenheitsnotiz',
      'automatische antwort',
      'abwesend\\s*:',
      'nicht im b[üu]ro',
      // French
      'r[ée]ponse automatique',
      'absent(?:e)? du bureau',
      "message d'absence",
      'absence\\s*:',
      // Portuguese
      'resposta autom[aá]tica',
      'fora do escrit[oó]rio',
      'ausente do escrit[oó]rio',
      'mensagem de aus[êe]ncia',
      'aus[êe]ncia\\s*:',
    ].join('|') +
    ')',
  'iu',
);

function firstAddress(value: AddressObject | AddressObject[] | undefined): { address: string; name: string } {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const first = list.flatMap((a) => a.value)[0];
  return {
    address: (first?.address ?? '').trim().toLowerCase(),
    name: (first?.name ?? '').replace(/[\r\n]+/g, ' ').trim(),
  };
}

/** Reads a raw RFC 822 message: sender, subject, plain text (HTML reduced to text), threading headers. */
export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  return withoutNulBytes(await parse(raw), raw);
}

/** NUL (=00 in quoted-printable, %00 in a header) cannot be stored: dropped, and the mail is filed. */
function withoutNulBytes(mail: InboundMail, raw: Buffer): InboundMail {
  const clean = {
    ...mail,
    messageId: withoutNul(mail.messageId),
    fromAddress: withoutNul(mail.fromAddress),
    fromName: withoutNul(mail.fromName),
    subject: withoutNul(mail.subject),
    text: withoutNul(mail.text),
    inReplyTo: withoutNul(mail.inReplyTo),
    references: mail.references.map(withoutNul),
  };
  if (!clean.messageId) clean.messageId = contentId(raw);
  return clean;
}

const contentId = (raw: Buffer) => `<${createHash('sha256').update(raw).digest('hex')}@inbound.cuentas>`;

async function parse(raw: Buffer): Promise<InboundMail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const header = (name: string) => {
    const v = mail.headers.get(name);
    return typeof v === 'string'
      ? v.toLowerCase()
      : v && typeof v === 'object' && 'value' in v
        ? String((v as { value: unknown }).value).toLowerCase()
        : '';
  };
  const from = firstAddress(mail.from);
  const fromAddresses = (Array.isArray(mail.from) ? mail.from : mail.from ? [mail.from] : []).flatMap((a) => a.value);
  const fromHeaders = mail.headerLines.filter((line) => line.key === 'from').length;
  const sender = firstAddress(mail.headers.get('sender') as AddressObject | undefined);
  const conflictingSender =
    fromHeaders > 1 || fromAddresses.length > 1 || (sender.address !== '' && sender.address !== from.address);
  const autoSubmitted = header('auto-submitted');
  const precedence = header('precedence');
  const contentType = header('content-type');
  const automatic =
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence) ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    OUT_OF_OFFICE.test((mail.subject ?? '').trim());
  const bounce = /^(mailer-daemon|postmaster)@/.test(from.address) || contentType.includes('multipart/report');
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  return {
    // A message without a Message-ID still files once: its content names it.
    messageId: mail.messageId ?? contentId(raw),
    fromAddress: from.address,
    fromName: from.name,
    subject: (mail.subject ?? '')
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .slice(0, 300),
    text: (mail.text ?? '').trim().slice(0, MAX_BODY),
    inReplyTo: mail.inReplyTo ?? '',
    references,
    automatic,
    bounce,
    conflictingSender,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}
