import { isEmailAddress } from './email-address';

/**
 * What a ticket search box was given: a ticket number (`#NNNNNN` or the digits alone), a requester's
 * e-mail, or words of the subject; null for an empty box. Shared by the helpdesk and the portal.
 */
export type TicketSearch =
  { kind: 'number'; number: string } | { kind: 'email'; email: string } | { kind: 'words'; words: string };

export function parseTicketSearch(value: unknown): { q: string; search: TicketSearch | null } {
  const q = typeof value === 'string' ? value.trim().slice(0, 200) : '';
  if (!q) return { q, search: null };
  const number = /^#?\s*(\d{6,8})$/.exec(q);
  if (number) return { q, search: { kind: 'number', number: number[1] } };
  if (q.includes('@') && isEmailAddress(q.toLowerCase()))
    return { q, search: { kind: 'email', email: q.toLowerCase() } };
  return { q, search: { kind: 'words', words: q } };
}
