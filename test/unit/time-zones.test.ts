import { canonicalTimeZone, TIME_ZONES, timeZoneGroups, timeZoneLabel } from '../../src/domain/time-zones';

describe('time zones', () => {
  it('lists canonical IANA names and maps aliases to them', () => {
    expect(TIME_ZONES).toContain('Asia/Kolkata');
    expect(TIME_ZONES).not.toContain('Asia/Calcutta');
    expect(TIME_ZONES.length).toBeGreaterThan(400);
    expect(canonicalTimeZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('america/buenos_aires')).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalTimeZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('Marte/Olympus')).toBeUndefined();
    expect(canonicalTimeZone(42)).toBeUndefined();
  });

  it('makes the groups once per language and hour, with the offset of the moment', () => {
    const winter = new Date('2026-01-15T12:00:00Z');
    expect(timeZoneGroups('es', winter)).toBe(timeZoneGroups('es', new Date('2026-01-15T12:59:00Z')));
    expect(timeZoneGroups('en', winter)).not.toBe(timeZoneGroups('es', winter));
    expect(timeZoneLabel('en', 'Europe/Madrid', winter)).toBe('Madrid — Central European Time (UTC+01:00)');
    expect(timeZoneLabel('en', 'Europe/Madrid', new Date('2026-07-15T12:00:00Z'))).toBe(
      'Madrid — Central European Time (UTC+02:00)',
    );
    expect(timeZoneLabel('es', 'Marte/Olympus', winter)).toBe('Marte/Olympus');
    const all = timeZoneGroups('es', winter).flatMap((g) => g.zones.map((z) => z.value));
    expect([...all].sort()).toEqual([...TIME_ZONES]);
  });
});
