import type { Db } from '../db/knex';
import { centsFrom } from '../domain/money';
import type { Classifier } from './accounts';

/** Perfil de la empresa: what the account says about itself. */
export interface CompanyProfile {
  name: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  postcode: string;
  country: string | null;
  phone: string;
}

const COMPANY_COLUMNS = ['name', 'address1', 'address2', 'city', 'state', 'postcode', 'country', 'phone'] as const;

export async function companyProfile(db: Db, accountId: number): Promise<CompanyProfile> {
  return db('accounts')
    .where({ id: accountId })
    .first(...COMPANY_COLUMNS);
}

export async function updateCompanyProfile(
  db: Db,
  accountId: number,
  values: Omit<CompanyProfile, 'country'> & { country: string },
): Promise<void> {
  const row = Object.fromEntries(COMPANY_COLUMNS.map((column) => [column, values[column]]));
  await db('accounts')
    .where({ id: accountId })
    .update({ ...row, updated_at: db.fn.now() });
}

/** Información de la cuenta: the telephony settings the reseller chose (read-only here). */
export interface TelephonySettings {
  name: string;
  realm: string;
  time_zone: string;
  inbound_trunks: number;
  outbound_trunks: number;
  twoway_trunks: number;
  call_restrictions: Partial<Record<Classifier, 'allow' | 'deny'>>;
  allow_prepay: boolean;
}

export async function telephonySettings(db: Db, accountId: number): Promise<TelephonySettings> {
  return db('accounts')
    .where({ id: accountId })
    .first(
      'name',
      'realm',
      'time_zone',
      'inbound_trunks',
      'outbound_trunks',
      'twoway_trunks',
      'call_restrictions',
      'allow_prepay',
    );
}

export interface CreditEntry {
  amount_cents: number;
  currency: string;
  note: string;
  created_at: Date;
}

/** The credit balance (the sum of the ledger) and its latest movements. */
export async function creditSummary(
  db: Db,
  accountId: number,
  recent = 10,
): Promise<{ balanceCents: number; entries: CreditEntry[] }> {
  const balance = await db('credit_entries')
    .where({ account_id: accountId })
    .sum<{ sum: string | null }[]>('amount_cents as sum')
    .first();
  const entries: CreditEntry[] = await db('credit_entries')
    .where({ account_id: accountId })
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(recent)
    .select('amount_cents', 'currency', 'note', 'created_at');
  return { balanceCents: centsFrom(balance?.sum), entries };
}
