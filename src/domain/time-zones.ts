import cldr from 'cldr-bcp47/bcp47/timezone.json';

/**
 * The time zones offered, by their canonical IANA name (issue 21, row 20). Node's own list
 * (`Intl.supportedValuesOf('timeZone')`) is ICU's, which keeps the old spellings as its ids
 * («Africa/Asmera», «Asia/Calcutta», «America/Buenos_Aires»): CLDR's table of zones (the
 * `cldr-bcp47` package, maintained by Unicode with each tz release) says which IANA name is the
 * canonical one for each and which are aliases. A zone is offered when Node knows it; labels are
 * formatted with ICU's id, which every Node accepts.
 */
type Entry = { _alias?: string; _iana?: string; _deprecated?: boolean };

interface Zone {
  /** The canonical IANA name, the value stored. */
  id: string;
  /** ICU's id for it, for Intl. */
  icu: string;
  region: TimeZoneRegion;
  /** The place, as the IANA name spells it («Buenos Aires», «Knox, Indiana»). */
  place: string;
}

/** The first part of a zone's name, as a locale key (time_zones.regions.<region>). */
const REGIONS = {
  Africa: 'africa',
  America: 'america',
  Antarctica: 'antarctica',
  Arctic: 'arctic',
  Asia: 'asia',
  Atlantic: 'atlantic',
  Australia: 'australia',
  Europe: 'europe',
  Indian: 'indian',
  Pacific: 'pacific',
} as const;
export type TimeZoneRegion = (typeof REGIONS)[keyof typeof REGIONS];

function placeOf(id: string): string {
  const [, ...parts] = id.replace(/_/g, ' ').split('/');
  return parts.reverse().join(', ');
}

const zones: Zone[] = [];
const byName = new Map<string, Zone>();
const supported = new Set(Intl.supportedValuesOf('timeZone'));
for (const [key, entry] of Object.entries(cldr.keyword.u.tz as Record<string, Entry | string>)) {
  if (typeof entry === 'string' || key.startsWith('_') || entry._deprecated || !entry._alias) continue;
  const names = entry._alias.split(' ');
  const id = entry._iana ?? names[0];
  const region = REGIONS[id.split('/')[0] as keyof typeof REGIONS];
  const icu = names.find((n) => supported.has(n));
  if (!region || !icu) continue;
  const zone = { id, icu, region, place: placeOf(id) };
  zones.push(zone);
  for (const name of [id, ...names]) byName.set(name.toLowerCase(), zone);
}
zones.sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every zone offered, by canonical name. */
export const TIME_ZONES: readonly string[] = zones.map((z) => z.id);

/** The canonical name of a zone offered, given it or one of its aliases («America/Buenos_Aires»). */
export function canonicalTimeZone(name: unknown): string | undefined {
  return typeof name === 'string' ? byName.get(name.trim().toLowerCase())?.id : undefined;
}

/** «UTC-03:00», «UTC+05:30», «UTC» — the offset the zone has at this moment. */
function offsetAt(icu: string, now: Date): string {
  const part = new Intl.DateTimeFormat('en', { timeZone: icu, timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName')!.value;
  return part.replace('GMT', 'UTC');
}

function label(zone: Zone, locale: string, now: Date): string {
  const name = new Intl.DateTimeFormat(locale, { timeZone: zone.icu, timeZoneName: 'longGeneric' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName')!.value;
  const offset = offsetAt(zone.icu, now);
  // A zone without a name in the language gets its offset as one («GMT+03:00»): said once is enough.
  return name.startsWith('GMT') ? `${zone.place} (${offset})` : `${zone.place} — ${name} (${offset})`;
}

export interface TimeZoneGroup {
  region: TimeZoneRegion;
  zones: { value: string; text: string }[];
}

/**
 * Labels change only with the offsets (daylight saving time, at an hour's boundary), so the list is
 * made once per language and hour, not per request.
 */
const made = new Map<string, { hour: number; groups: TimeZoneGroup[]; labels: Map<string, string> }>();

function listFor(locale: string, now: Date) {
  const hour = Math.floor(now.getTime() / 3_600_000);
  let list = made.get(locale);
  if (!list || list.hour !== hour) {
    const collator = new Intl.Collator(locale);
    const labels = new Map(zones.map((z) => [z.id, label(z, locale, now)]));
    const groups = Object.values(REGIONS).map((region) => ({
      region,
      zones: zones
        .filter((z) => z.region === region)
        .map((z) => ({ value: z.id, text: labels.get(z.id)! }))
        .sort((a, b) => collator.compare(a.text, b.text)),
    }));
    list = { hour, groups, labels };
    made.set(locale, list);
  }
  return list;
}

/** The zones offered, grouped by region (the view names each group), each labelled in the language. */
export function timeZoneGroups(locale: string, now = new Date()): TimeZoneGroup[] {
  return listFor(locale, now).groups;
}

/**
 * A zone as every page shows it: «Buenos Aires, Argentina — hora de Argentina (UTC-03:00)», the same
 * text the select offers; an alias shows as its canonical zone, an unknown name as it is stored.
 */
export function timeZoneLabel(locale: string, name: string, now = new Date()): string {
  const id = canonicalTimeZone(name);
  return (id && listFor(locale, now).labels.get(id)) ?? name;
}
