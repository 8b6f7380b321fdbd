import { loadConfig } from '../../src/config';
import { ageOf, isOverdue } from '../../src/domain/first-response';
import { parseTicketSearch } from '../../src/domain/ticket-search';

const now = new Date('2026-12-07T12:00:00Z');
const hoursBefore = (h: number) => new Date(now.getTime() - h * 3600_000);
const targets = { urgent: 1, high: 4, medium: 24, low: 72 };

describe('the first-response target', () => {
  it('defaults to urgent 1 h, high 4 h, normal 24 h, low 72 h, each configurable', () => {
    expect(loadConfig({}).helpdesk.firstResponseHours).toEqual(targets);
    expect(loadConfig({ FIRST_RESPONSE_HOURS_HIGH: '8' }).helpdesk.firstResponseHours.high).toBe(8);
    expect(() => loadConfig({ FIRST_RESPONSE_HOURS_LOW: '0' })).toThrow('FIRST_RESPONSE_HOURS_LOW');
  });

  it('is overdue past its priority’s hours on a 24/7 clock, until the first answer, never once closed', () => {
    const open = { status: 'open', first_response_at: null };
    expect(isOverdue({ ...open, priority: 'urgent', created_at: hoursBefore(1.1) }, targets, now)).toBe(true);
    expect(isOverdue({ ...open, priority: 'high', created_at: hoursBefore(3.9) }, targets, now)).toBe(false);
    expect(isOverdue({ ...open, priority: 'low', created_at: hoursBefore(73) }, targets, now)).toBe(true);
    const answered = { ...open, priority: 'urgent', created_at: hoursBefore(5), first_response_at: hoursBefore(4) };
    expect(isOverdue(answered, targets, now)).toBe(false);
    expect(isOverdue({ ...open, status: 'closed', priority: 'urgent', created_at: hoursBefore(5) }, targets, now)).toBe(
      false,
    );
  });

  it('tells a ticket’s age in minutes, hours or days', () => {
    expect(ageOf(hoursBefore(0.5), now)).toEqual({ unit: 'minutes', count: 30 });
    expect(ageOf(hoursBefore(23.9), now)).toEqual({ unit: 'hours', count: 23 });
    expect(ageOf(hoursBefore(80), now)).toEqual({ unit: 'days', count: 3 });
  });
});

describe('a ticket search box', () => {
  it('tells a number, an e-mail and words apart', () => {
    expect(parseTicketSearch(' #012345 ').search).toEqual({ kind: 'number', number: '012345' });
    expect(parseTicketSearch('1234567').search).toEqual({ kind: 'number', number: '1234567' });
    expect(parseTicketSearch('Ana@Example.TEST').search).toEqual({ kind: 'email', email: 'ana@example.test' });
    expect(parseTicketSearch('sin tono 123').search).toEqual({ kind: 'words', words: 'sin tono 123' });
    expect(parseTicketSearch(['a']).search).toBeNull();
    expect(parseTicketSearch('   ').search).toBeNull();
  });
});
