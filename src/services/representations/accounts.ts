import type { Db } from '../../db/knex';
import { canonicalTimeZone } from '../../domain/time-zones';
import { accountDetails, type AccountDetails } from '../../models/accounts';

/**
 * An account as the API's GET /accounts/{id} answers it and as its webhook events carry it
 * (`accountSchema` in src/api/schemas/accounts.ts documents it). One function for both, so an
 * event's `data` cannot drift from what a GET returns.
 */
export interface AccountRepresentation {
  id: number;
  kind: AccountDetails['kind'];
  parent_id: number | null;
  name: string;
  realm: string;
  status: AccountDetails['status'];
  timezone: string;
  locale: 'es' | 'en';
  trunks: { inbound: number; outbound: number; twoway: number };
  pool: { inbound: number; outbound: number; twoway: number } | null;
  restrictions: AccountDetails['call_restrictions'];
  allow_prepay: boolean;
  sections: AccountDetails['enabled_sections'];
  created_at: string;
}

export async function accountRepresentation(db: Db, accountId: number): Promise<AccountRepresentation> {
  const a = await accountDetails(db, accountId);
  return {
    id: a.id,
    kind: a.kind,
    parent_id: a.parent_id,
    name: a.name,
    realm: a.realm,
    status: a.status,
    timezone: canonicalTimeZone(a.time_zone) ?? a.time_zone,
    locale: a.locale,
    trunks: { inbound: a.inbound_trunks, outbound: a.outbound_trunks, twoway: a.twoway_trunks },
    pool:
      a.kind === 'reseller'
        ? { inbound: a.pool_inbound_trunks, outbound: a.pool_outbound_trunks, twoway: a.pool_twoway_trunks }
        : null,
    restrictions: a.call_restrictions,
    allow_prepay: a.allow_prepay,
    sections: a.enabled_sections,
    created_at: a.created_at.toISOString(),
  };
}
