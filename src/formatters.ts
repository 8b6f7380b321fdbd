import type { Locale } from './i18n';

/**
 * Intl formatters are costly to build (measured: the ticket list spent most of its time here),
 * so one of each is kept per locale and currency.
 */
const tag = (locale: Locale) => (locale === 'en' ? 'en-US' : 'es-MX');
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** A calendar date: DATE columns arrive as 'YYYY-MM-DD' and are never shifted by a time zone. */
export function formatDate(locale: Locale, value: string | Date): string {
  if (typeof value === 'string') {
    return cached(
      `d:${locale}:utc`,
      () => new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeZone: 'UTC' }),
    ).format(new Date(`${value}T12:00:00Z`));
  }
  // A list shows the same few days on every row: each day is formatted once and then looked up.
  const time = value.getTime();
  if (Number.isNaN(time)) return localDate(locale).format(value);
  const day = Math.floor((time - value.getTimezoneOffset() * 60_000) / 86_400_000);
  let days = dayTexts.get(locale);
  if (!days) dayTexts.set(locale, (days = new Map()));
  let text = days.get(day);
  if (text === undefined) {
    text = localDate(locale).format(value);
    if (days.size >= DAY_TEXTS_LIMIT) days.clear();
    days.set(day, text);
  }
  return text;
}

const localDate = (locale: Locale) =>
  cached(`d:${locale}`, () => new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium' }));

/**
 * formatDate's answers by the moment's calendar day on this process's clock (the day number of
 * its local time: the day Intl.DateTimeFormat shows, as both read the same time zone), per locale.
 * Intl's format costs about 5 µs a call; a ticket list makes 25 to 50 of them.
 */
const dayTexts = new Map<Locale, Map<number, string>>();
const DAY_TEXTS_LIMIT = 4096;

export function formatDateTime(locale: Locale, value: Date): string {
  return cached(
    `dt:${locale}`,
    () => new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(value);
}

export function formatMoney(locale: Locale, cents: number, currency = 'MXN'): string {
  return cached(
    `m:${locale}:${currency}`,
    () => new Intl.NumberFormat(tag(locale), { style: 'currency', currency }),
  ).format(cents / 100);
}

/** «Facturas y Tickets», «Invoices and Tickets»: a list of words as a sentence says it. */
export function formatList(locale: Locale, items: string[]): string {
  let formatter = lists.get(locale);
  if (!formatter) {
    formatter = new Intl.ListFormat(tag(locale), { style: 'long', type: 'conjunction' });
    lists.set(locale, formatter);
  }
  return formatter.format(items);
}
const lists = new Map<Locale, Intl.ListFormat>();

/** A file's size: «34 bytes», «1.5 kB», «5 MB» (never «1 KB» for a few bytes). */
export function formatBytes(locale: Locale, bytes: number): string {
  const [value, unit, display] =
    bytes < 1024
      ? [bytes, 'byte', 'long' as const]
      : bytes < 1024 * 1024
        ? [bytes / 1024, 'kilobyte', 'short' as const]
        : [bytes / (1024 * 1024), 'megabyte', 'short' as const];
  return cached(
    `b:${locale}:${unit}`,
    () => new Intl.NumberFormat(tag(locale), { style: 'unit', unit, unitDisplay: display, maximumFractionDigits: 1 }),
  ).format(value);
}

/**
 * A moment as ISO 8601 with the offset of `timeZone` at that moment, as the clock on that wall
 * showed it: 2026-12-01T12:30:00-06:00.
 */
export function formatIsoInZone(value: Date, timeZone: string): string {
  const formatter = cached(
    `iso:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'longOffset',
      }),
  );
  const part = Object.fromEntries(formatter.formatToParts(value).map((p) => [p.type, p.value]));
  const offset = (part.timeZoneName ?? '').replace('GMT', '') || '+00:00';
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}${offset}`;
}
