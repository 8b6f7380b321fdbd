import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPLY_MARKER, trimReply } from '../../src/mail/reply-text';

/**
 * Issue 23, item 1: replies as Gmail, Outlook, Apple Mail and Thunderbird write them, in Spanish and
 * English, with and without our marker, top- and inline-quoted. Each fixture `<name>.txt` is the
 * text part as received; `<name>.kept.txt` is exactly what the ticket shows of it.
 */
const dir = join(__dirname, '../fixtures/replies');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.txt') && !f.endsWith('.kept.txt'))
  .map((f) => f.replace(/\.txt$/, ''));

it('has a corpus from every client, in both languages', () => {
  for (const client of ['gmail', 'outlook', 'apple', 'thunderbird'])
    for (const language of ['es', 'en']) expect(cases.some((c) => c.startsWith(`${client}-${language}`))).toBe(true);
});

it.each(cases)('%s: keeps only the new message', (name) => {
  const raw = readFileSync(join(dir, `${name}.txt`), 'utf8');
  const kept = readFileSync(join(dir, `${name}.kept.txt`), 'utf8');
  expect(trimReply(raw)).toBe(kept);
});

it('keeps the text above our marker even when no client header precedes it', () => {
  expect(trimReply(`Vale, gracias.\n${REPLY_MARKER}\nHola Ana`)).toBe('Vale, gracias.');
});

it('keeps a message with CRLF line ends the same way', () => {
  const raw = readFileSync(join(dir, 'outlook-es-mensaje-original.txt'), 'utf8').replace(/\n/g, '\r\n');
  expect(trimReply(raw)).toBe(readFileSync(join(dir, 'outlook-es-mensaje-original.kept.txt'), 'utf8'));
});

it('never trims a message down to nothing: a reply that is all quote is shown whole', () => {
  const raw = '> Hola Ana, ¿puedes probar a reiniciar el equipo?\n> Gracias';
  expect(trimReply(raw)).toBe(raw);
});
