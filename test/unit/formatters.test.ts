import { formatDate } from '../../src/formatters';
import { LOCALES, type Locale } from '../../src/i18n';

const tag = (locale: Locale) => (locale === 'en' ? 'en-US' : 'es-MX');

describe('formatDate', () => {
  it('gives every moment the day Intl shows, though it formats each day once', () => {
    // Every 7 minutes across five days, past midnight on both sides, asked twice (the second
    // answer comes from the days already formatted), and older and future moments between them.
    const start = Date.UTC(2026, 11, 5, 0, 3);
    const moments: Date[] = [];
    for (let minutes = 0; minutes < 5 * 24 * 60; minutes += 7) moments.push(new Date(start + minutes * 60_000));
    moments.push(new Date(Date.UTC(1969, 11, 31, 23, 59)), new Date(0), new Date(Date.UTC(2099, 0, 1)), new Date(-1));
    for (const locale of LOCALES) {
      const intl = new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium' });
      for (const moment of [...moments, ...moments]) expect(formatDate(locale, moment)).toBe(intl.format(moment));
    }
  });

  it('still formats a calendar date as written, and refuses an invalid moment as Intl does', () => {
    expect(formatDate('es', '2026-12-07')).toBe(
      new Intl.DateTimeFormat('es-MX', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date('2026-12-07T12:00:00Z'),
      ),
    );
    expect(() => formatDate('en', new Date(NaN))).toThrow(RangeError);
  });
});
