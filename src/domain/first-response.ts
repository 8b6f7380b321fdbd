import type { FirstResponseHours } from '../config';

/**
 * The helpdesk's first-response target: a ticket not yet answered (an internal note is no answer)
 * is overdue once its priority's hours have passed since it was opened, on a plain 24/7 clock. A
 * closed ticket is never overdue.
 */
export function isOverdue(
  ticket: { priority: string; status: string; created_at: Date; first_response_at: Date | null },
  targets: FirstResponseHours,
  now: Date,
): boolean {
  if (ticket.first_response_at || ticket.status === 'closed') return false;
  const hours = targets[ticket.priority as keyof FirstResponseHours] ?? targets.medium;
  return now.getTime() - ticket.created_at.getTime() > hours * 3600_000;
}

/** How long ago, in the largest whole unit that fits: minutes under an hour, hours under a day, then days. */
export function ageOf(since: Date, now: Date): { unit: 'minutes' | 'hours' | 'days'; count: number } {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  if (minutes < 24 * 60) return { unit: 'hours', count: Math.floor(minutes / 60) };
  return { unit: 'days', count: Math.floor(minutes / (24 * 60)) };
}
