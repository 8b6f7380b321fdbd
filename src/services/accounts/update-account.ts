import type { AppDeps } from '../../app-deps';

import type { Actor } from '../../domain/actor';
import { canonicalTimeZone } from '../../domain/time-zones';
import { changesOf } from '../../domain/audit-changes';
import type { AccountSettingsInput, SettingsFacts } from '../../forms/manager/account-settings';
import type { FieldErrors } from '../../forms/form';
import {
  accountSettings,
  findParentAccount,
  lockAccount,
  siblingNameTaken,
  SIBLING_NAME_KEY,
  updateAccountSettings,
  type AccountSettingsRow,
  type ManagedAccount,
} from '../../models/accounts';
import { isPoolRefusal, poolState, TRUNK_KINDS, type PoolState, type Trunks } from '../../models/trunk-pool';
import { overPool } from './pool-refusal';
import { recordManagedAudit } from './managed-audit';
import { emitAccountEvent } from '../webhooks/emit';
import { queueAccountNotice } from '../account-notices';

/** Refused fields are named by their path in the account's data (`name`, `trunks.inbound`, `pool.twoway`). */
export type UpdateAccountResult =
  | { ok: true; changed: string[] }
  /** `room`: the trunks of each kind this customer may hold (what the pool has left plus its own). */
  | { ok: false; errors: FieldErrors; room?: Trunks }
  /** Closed meanwhile: nothing may change any more. */
  | { ok: false; closed: true };

const trunksOf = (row: AccountSettingsRow): Trunks => ({
  inbound: row.inbound_trunks,
  outbound: row.outbound_trunks,
  twoway: row.twoway_trunks,
});
const poolOf = (row: AccountSettingsRow): Trunks => ({
  inbound: row.pool_inbound_trunks,
  outbound: row.pool_outbound_trunks,
  twoway: row.pool_twoway_trunks,
});

/** What a customer may hold of each kind: the pool less what the other open customers hold. */
export function roomFor(pool: PoolState, own: Trunks): Trunks {
  return Object.fromEntries(
    TRUNK_KINDS.map((k) => [k, Math.max(0, pool.pool[k] - (pool.allocated[k] - own[k]))]),
  ) as Trunks;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The names of the settings that differ (for the audit trail). */
function changedFields(row: AccountSettingsRow, input: AccountSettingsInput, reseller: boolean): string[] {
  const sortedRules = (r: object) => Object.fromEntries(Object.entries(r).sort());
  return [
    row.name !== input.name && 'name',
    // A stored alias and its canonical name are the same zone.
    (canonicalTimeZone(row.time_zone) ?? row.time_zone) !== input.timezone && 'time_zone',
    row.locale !== input.locale && 'locale',
    !reseller && !same(trunksOf(row), input.trunks) && 'trunks',
    reseller && !same(poolOf(row), input.pool) && 'pool',
    !same(sortedRules(row.call_restrictions), sortedRules(input.restrictions)) && 'restrictions',
    row.allow_prepay !== input.allow_prepay && 'allow_prepay',
    !same([...row.enabled_sections].sort(), [...input.sections].sort()) && 'sections',
  ].filter((f): f is string => typeof f === 'string');
}

/** The settings as the row will hold them (for the audit trail's before and after). */
const settingsAfter = (input: AccountSettingsInput, reseller: boolean) => ({
  name: input.name,
  time_zone: input.timezone,
  locale: input.locale,
  ...(reseller
    ? {
        pool_inbound_trunks: input.pool.inbound,
        pool_outbound_trunks: input.pool.outbound,
        pool_twoway_trunks: input.pool.twoway,
      }
    : {
        inbound_trunks: input.trunks.inbound,
        outbound_trunks: input.trunks.outbound,
        twoway_trunks: input.trunks.twoway,
      }),
  call_restrictions: input.restrictions,
  allow_prepay: input.allow_prepay,
  enabled_sections: input.sections,
});

/**
 * The rules only the database knows, for the settings given (those that parsed, when others did
 * not): a customer within its reseller's pool, a pool above what is allocated, a name no sibling has.
 */
async function settingsProblems(
  { db }: Pick<AppDeps, 'db'>,
  row: AccountSettingsRow,
  facts: SettingsFacts,
  parentPool: PoolState | null,
): Promise<{ errors: FieldErrors; room?: Trunks }> {
  const found: { errors: FieldErrors; room?: Trunks } = { errors: {} };
  if (row.kind === 'reseller') {
    const { allocated } = await poolState(db, row.id);
    const under = TRUNK_KINDS.filter((k) => facts.pool[k] !== undefined && facts.pool[k] < allocated[k]);
    found.errors = Object.fromEntries(
      under.map((k) => [
        `pool.${k}`,
        { key: 'errors.manager.edit.pool.below_allocated', params: { n: String(allocated[k]) } },
      ]),
    );
  } else if (parentPool) {
    const own = trunksOf(row);
    const room = roomFor(parentPool, own);
    // Lowering is always allowed; only more than the account holds now must fit in the pool.
    const over = TRUNK_KINDS.filter((k) => {
      const wanted = facts.trunks[k];
      return wanted !== undefined && wanted > own[k] && wanted > room[k];
    });
    found.errors = overPool(over, room);
    found.room = room;
  }
  const name = facts.name;
  if (
    row.parent_id !== null &&
    name !== undefined &&
    name.toLowerCase() !== row.name.toLowerCase() &&
    (await siblingNameTaken(db, row.parent_id, name))
  )
    found.errors = { name: 'errors.manager.account.name.taken', ...found.errors };
  return found;
}

/**
 * A form that did not pass: what the database says of the fields that did, so «Editar cuenta» shows
 * every problem in one round (read only; the save checks again under its locks).
 */
export async function checkAccountSettings(
  deps: AppDeps,
  account: ManagedAccount,
  facts: SettingsFacts,
): Promise<{ errors: FieldErrors; room?: Trunks }> {
  const row = await accountSettings(deps.db, account.id);
  if (!row) return { errors: {} };
  const parentPool = row.kind === 'customer' && row.parent_id !== null ? await poolState(deps.db, row.parent_id) : null;
  return settingsProblems(deps, row, facts, parentPool);
}

/**
 * «Generales»: the account's contacts are told when its parent changes what it includes — the
 * sections its users may use, its trunks (a reseller's pool) — with what it has now. Its name, time
 * zone, language, restrictions and prepay are not news to them.
 */
async function noticeOfSettings(
  deps: AppDeps,
  account: ManagedAccount,
  changed: string[],
  input: AccountSettingsInput,
): Promise<void> {
  const sections = changed.includes('sections');
  const trunks = changed.includes('trunks') || changed.includes('pool');
  if ((!sections && !trunks) || account.parent_id === null) return;
  const parent = await findParentAccount(deps.db, account.parent_id);
  await queueAccountNotice(
    deps,
    { id: account.id, name: input.name },
    {
      kind: 'settings',
      parent: parent.name,
      sections: sections ? input.sections : null,
      trunks: trunks ? (account.kind === 'customer' ? input.trunks : input.pool) : null,
    },
  );
}

/**
 * Saves what a parent changes of an account below it (one transaction): name, time zone, language,
 * trunks (a customer's, within its reseller's pool) or the pool totals (a reseller's, never under
 * what its customers hold), restrictions, prepay and sections, with an audit event in the account
 * and its parent. The parent's row is locked before the account's, as PostgreSQL's pool rule does,
 * so the figures in a refusal are the ones that held; the rule itself refuses whatever slips by.
 * Removing a section takes effect for the account's users at their next request.
 */
export async function updateManagedAccount(
  deps: AppDeps,
  actor: Actor,
  account: ManagedAccount,
  input: AccountSettingsInput,
  ip?: string,
): Promise<UpdateAccountResult> {
  try {
    return await deps.db.transaction(async (trx): Promise<UpdateAccountResult> => {
      const customer = account.kind === 'customer';
      const parentPool =
        customer && account.parent_id !== null ? await poolState(trx, account.parent_id, { lock: true }) : null;
      const row = await lockAccount(trx, account.id);
      if (!row || row.status === 'closed') return { ok: false, closed: true };

      const { errors, room } = await settingsProblems({ ...deps, db: trx }, row, input, parentPool);
      if (Object.keys(errors).length) return { ok: false, errors, room };

      const changed = changedFields(row, input, !customer);
      if (!changed.length) return { ok: true, changed };
      await updateAccountSettings(trx, row.id, {
        name: input.name,
        time_zone: input.timezone,
        locale: input.locale,
        enabled_sections: input.sections,
        call_restrictions: input.restrictions,
        allow_prepay: input.allow_prepay,
        ...(customer ? { trunks: input.trunks } : { pool: input.pool }),
      });
      await recordManagedAudit({ ...deps, db: trx }, actor, account, {
        action: 'account.updated',
        ip,
        metadata: { changed: changed.join(',') },
        changes: changesOf('account', row, settingsAfter(input, !customer)),
      });
      await emitAccountEvent({ ...deps, db: trx }, 'account.updated', row.id);
      await noticeOfSettings({ ...deps, db: trx }, account, changed, input);
      return { ok: true, changed };
    });
  } catch (err) {
    if ((err as { constraint?: unknown })?.constraint === SIBLING_NAME_KEY)
      return { ok: false, errors: { name: 'errors.manager.account.name.taken' } };
    if (isPoolRefusal(err)) return { ok: false, errors: { base: 'errors.manager.edit.pool.refused' } };
    throw err;
  }
}
