import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { formatIsoInZone, formatMoney } from '../formatters';
import type { Locale } from '../i18n';
import type { ActivityRow } from '../models/activity';
import { changeLines } from './audit-changes';
import type { Translate } from './form-builder';

const COLUMNS = ['date', 'person', 'email', 'action', 'target', 'changes', 'outcome'] as const;
type Column = (typeof COLUMNS)[number];

interface Reader {
  t: Translate;
  locale: Locale;
  timeZone: string;
}

/** Who acted, as the page names them: a person, or an API token and the person who made it. */
function personOf(row: ActivityRow, { t }: Reader): string {
  if (row.token_name) {
    const token = t('activity.api_actor', { name: row.token_name });
    return row.actor_name ? `${token} ${t('activity.api_creator', { name: row.actor_name })}` : token;
  }
  return row.actor_name ?? (row.outcome === 'failed' ? t('activity.system') : '');
}

/** Whom or what it was about, with the address, number or amount the page shows beside it. */
function targetOf(row: ActivityRow, { locale }: Reader): string {
  const meta = row.metadata ?? {};
  const amount = meta.amount_cents ? formatMoney(locale, Number(meta.amount_cents)) : '';
  const extra = [meta.email, meta.number, amount, meta.note].filter((v) => typeof v === 'string' && v !== '');
  return [row.target_name ?? '', ...extra.map(String)].filter(Boolean).join(' · ');
}

function recordOf(row: ActivityRow, reader: Reader): Record<Column, string> {
  const { t, locale, timeZone } = reader;
  const action = row.action.replace('.', '__');
  return {
    date: formatIsoInZone(row.created_at, timeZone),
    person: personOf(row, reader),
    email: row.actor_email ?? '',
    action: t('activity.actions.' + action),
    target: targetOf(row, reader),
    changes: changeLines(t, locale, row.changes).join('; '),
    outcome:
      row.outcome === 'failed'
        ? t('hub.activity.csv.failed', { what: t('activity.failed.' + action), why: t('activity.reasons.' + row.reason) })
        : t('hub.activity.csv.ok'),
  };
}

/**
 * Writes the rows as CSV with csv-stringify: UTF-8 with a BOM (so a spreadsheet reads «Ñandú»
 * right), a header row in the reader's language, dates in ISO 8601 with the account's offset, and
 * every cell that starts with =, +, -, @, a tab or a carriage return prefixed with ' so that no
 * spreadsheet runs it as a formula (`escape_formulas`). Rows are written as the batches arrive,
 * with the response's back-pressure.
 */
export async function writeActivityCsv(
  out: Writable,
  batches: AsyncIterable<ActivityRow[]>,
  reader: Reader,
): Promise<void> {
  async function* records() {
    for await (const rows of batches) for (const row of rows) yield recordOf(row, reader);
  }
  const columns = COLUMNS.map((key) => ({ key, header: reader.t(`hub.activity.csv.${key}`) }));
  await pipeline(
    Readable.from(records()),
    stringify({ bom: true, header: true, columns, escape_formulas: true, record_delimiter: 'windows' }),
    out,
  );
}
