import EmailReplyParser from 'email-reply-parser';

/**
 * What of an e-mailed reply is new: the text above our marker, else what email-reply-parser keeps
 * (it knows the quote headers and signatures of the common clients in English and Spanish: «El …
 * escribió:», «De: … <…>», «Enviado desde mi iPhone»). The whole message is always stored; this is
 * what the ticket shows and what the next notification quotes.
 */

/** The line every ticket notification starts with; a reply's text above it is the reply. */
export const REPLY_MARKER = '##- Responde por encima de esta línea / Reply above this line -##';
const MARKER_LINE = /##-\s*Responde por encima de esta línea/i;

/**
 * Quote headers the parser does not know, as configuration rather than a fork: each is tried on a
 * line joined to the next one, and the message is cut at the first unquoted line that matches.
 * Outlook writes «-----Mensaje original-----», and «De:» / «From:» without an address when it has
 * the sender in its address book (then «Enviado:» or «Sent:» follows).
 */
export const EXTRA_QUOTE_HEADERS: readonly RegExp[] = [
  /^-{2,}\s*Mensaje original\s*-{2,}$/im,
  /^De:\s.+\n(Enviado( el)?|Fecha):\s/i,
  /^From:\s.+\n(Sent|Date):\s/i,
];
/** Signatures the parser does not know: Outlook's mobile footer in Spanish. */
export const EXTRA_SIGNATURES: readonly RegExp[] = [/^Obtener Outlook para\s/i];

const parser = new EmailReplyParser();

function cutAtHeaders(lines: string[]): string[] {
  const at = lines.findIndex(
    (line, i) =>
      EXTRA_SIGNATURES.some((s) => s.test(line.trim())) ||
      EXTRA_QUOTE_HEADERS.some((h) => h.test(`${line.trim()}\n${(lines[i + 1] ?? '').trim()}`)),
  );
  return at >= 0 ? lines.slice(0, at) : lines;
}

// The parser takes a quote header for one only below an empty line: a reply may start with one.
const visible = (lines: string[]) => parser.parseReply(['', ...cutAtHeaders(lines)].join('\n')).trim();

/** The new part of a reply; the whole text when nothing in it can be told apart as quoted. */
export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const marker = lines.findIndex((line) => MARKER_LINE.test(line));
  // Top-posted: the reply is above the marker. Inline-quoted answers sit below it, under the parser.
  const above = marker >= 0 ? visible(lines.slice(0, marker)) : '';
  return above || visible(lines) || text.trim();
}
