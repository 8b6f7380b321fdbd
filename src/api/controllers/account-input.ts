import type { AppDeps } from '../../app-deps';
import { canonicalTimeZone } from '../../domain/time-zones';
import type { AccountSettingsInput } from '../../forms/manager/account-settings';
import {
  accountSettings,
  DEFAULT_RESTRICTIONS,
  findManagedAccount,
  findParentAccount,
  type ManagedAccount,
  type ParentAccount,
} from '../../models/accounts';
import { partnersOf } from '../../models/partners';
import { NO_TRUNKS } from '../../models/trunk-pool';
import { sectionsOffered } from '../../domain/account-kinds';
import type { NewAccountInput } from '../../services/accounts/create-account';
import type { ApiCaller } from '../auth';
import { validationProblem, type FieldProblem } from '../problem';
import type { CreateAccountBody, UpdateAccountBody } from '../schemas/accounts';

/** "1500.5" → 150050 (the schema allows at most two decimals and 100,000,000.00). */
export function centsOf(amount: string): number {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const problem = (field: string, code: string, message: string): FieldProblem => ({ field, code, message });

/**
 * The account a new one goes under: the token's own, or one below it that may have children (a
 * reseller). Null with a field problem when `parent_id` is none of these.
 */
async function parentFor(
  deps: AppDeps,
  caller: ApiCaller,
  parentId: number | undefined,
): Promise<{ parent: ParentAccount } | { problem: FieldProblem }> {
  // Below the token's own account, as its statement read it; below a descendant, read now.
  let parent = caller.account;
  if (parentId !== undefined && parentId !== caller.account.id) {
    const below = await findManagedAccount(deps.db, caller.account.id, parentId);
    if (!below) return { problem: problem('parent_id', 'not_found', 'No such account below the token’s.') };
    if (below.status !== 'active')
      return { problem: problem('parent_id', 'not_active', `The account is ${below.status}.`) };
    parent = await findParentAccount(deps.db, below.id);
  }
  if (parent.kind === 'customer')
    return { problem: problem('parent_id', 'cannot_have_children', 'A customer account has no accounts below it.') };
  return { parent };
}

/**
 * The wizard's input from the JSON body, after the rules that depend on the parent (what it may
 * offer, whose partners may be support contacts, a reseller's realm and pool): every problem at once.
 */
export async function newAccountFrom(
  deps: AppDeps,
  caller: ApiCaller,
  body: CreateAccountBody,
): Promise<{ parent: ParentAccount; input: NewAccountInput }> {
  const found = await parentFor(deps, caller, body.parent_id);
  if ('problem' in found) throw validationProblem([found.problem]);
  const { parent } = found;
  const reseller = parent.kind === 'platform';
  const problems: FieldProblem[] = [];
  if (reseller && !body.realm_label)
    problems.push(problem('realm_label', 'required', 'Required when the platform creates a reseller.'));
  if (!reseller && body.realm_label !== undefined)
    problems.push(problem('realm_label', 'not_allowed', 'Only a reseller has a realm label of its own.'));
  if (!reseller && body.pool) problems.push(problem('pool', 'not_allowed', 'Only a reseller has a pool.'));
  if (reseller && body.trunks) problems.push(problem('trunks', 'not_allowed', 'A reseller has a pool, not trunks.'));
  const offered = sectionsOffered(parent);
  (body.sections ?? []).forEach((s, i) => {
    if (!offered.includes(s)) problems.push(problem(`sections.${i}`, 'not_offered', `The parent cannot offer ${s}.`));
  });
  const partnerIds = body.support_contacts.flatMap((c) => ('partner_id' in c ? [c.partner_id] : []));
  const partners = new Set((await partnersOf(deps.db, parent.id, partnerIds)).map((p) => p.id));
  body.support_contacts.forEach((c, i) => {
    if ('partner_id' in c && !partners.has(c.partner_id))
      problems.push(problem(`support_contacts.${i}.partner_id`, 'not_found', 'Not a person of the parent account.'));
  });
  if (problems.length) throw validationProblem(problems);

  const admin = body.admin;
  return {
    parent,
    input: {
      account: {
        name: body.name,
        timezone: canonicalTimeZone(body.timezone) ?? body.timezone,
        locale: body.locale,
        realm_label: reseller ? body.realm_label! : null,
        admin: admin
          ? {
              first_name: admin.first_name,
              last_name: admin.last_name,
              email: admin.email,
              phone: admin.phone,
              password_mode: admin.mode === 'invite' ? 'invite' : 'typed',
              password: admin.password ?? '',
            }
          : null,
      },
      adminPasswordHash: null,
      restrictions: {
        trunks: reseller ? { ...NO_TRUNKS } : { ...NO_TRUNKS, ...body.trunks },
        pool: reseller ? { ...NO_TRUNKS, ...body.pool } : { ...NO_TRUNKS },
        restrictions: { ...DEFAULT_RESTRICTIONS, ...body.restrictions },
        credit_cents: body.initial_credit ? centsOf(body.initial_credit) : 0,
        allow_prepay: body.allow_prepay,
      },
      support: {
        partners: partnerIds,
        emails: body.support_contacts.flatMap((c) => ('email' in c ? [c.email] : [])),
      },
      sections: body.sections ?? offered,
    },
  };
}

/** The edit page's input: the account as it is, with what the body changes. */
export async function settingsFrom(
  deps: AppDeps,
  account: ManagedAccount,
  body: UpdateAccountBody,
): Promise<AccountSettingsInput> {
  const row = (await accountSettings(deps.db, account.id))!;
  const reseller = account.kind === 'reseller';
  const problems: FieldProblem[] = [];
  if (!reseller && body.pool) problems.push(problem('pool', 'not_allowed', 'Only a reseller has a pool.'));
  if (reseller && body.trunks) problems.push(problem('trunks', 'not_allowed', 'A reseller has a pool, not trunks.'));
  const offered = sectionsOffered(await findParentAccount(deps.db, account.parent_id!));
  (body.sections ?? []).forEach((s, i) => {
    if (!offered.includes(s)) problems.push(problem(`sections.${i}`, 'not_offered', `The parent cannot offer ${s}.`));
  });
  if (problems.length) throw validationProblem(problems);
  return {
    name: body.name ?? row.name,
    timezone: body.timezone === undefined ? row.time_zone : (canonicalTimeZone(body.timezone) ?? body.timezone),
    locale: body.locale ?? row.locale,
    trunks: {
      inbound: body.trunks?.inbound ?? row.inbound_trunks,
      outbound: body.trunks?.outbound ?? row.outbound_trunks,
      twoway: body.trunks?.twoway ?? row.twoway_trunks,
    },
    pool: {
      inbound: body.pool?.inbound ?? row.pool_inbound_trunks,
      outbound: body.pool?.outbound ?? row.pool_outbound_trunks,
      twoway: body.pool?.twoway ?? row.pool_twoway_trunks,
    },
    restrictions: { ...row.call_restrictions, ...body.restrictions },
    allow_prepay: body.allow_prepay ?? row.allow_prepay,
    sections: body.sections ?? row.enabled_sections,
  };
}
