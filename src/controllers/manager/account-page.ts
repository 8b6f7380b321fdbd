import type { Request } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { searchTerm } from '../../forms/manager/search';
import {
  accountDetails,
  childBefore,
  childrenPage,
  CLASSIFIERS,
  ownerOf,
  type ManagedAccount,
} from '../../models/accounts';
import { balanceOf, recentEntries } from '../../models/credit';
import { pageLinks } from '../../models/pagination';
import { supportContactsOf, type SupportContact } from '../../models/support-contacts';
import { listAccountUsers } from '../../models/account-users';
import { searchPartnersOf } from '../../models/partners';
import { parseSupportSearch } from '../../forms/customer/support-contact';
import { poolState } from '../../models/trunk-pool';
import { allowedActions, canCreateChild } from '../../policies/managed-accounts';
import type { FieldErrors } from '../../forms/form';
import { cursorFrom } from '../params';

/**
 * What every Accounts Manager page shows on the left: the user's account's children (name, realm,
 * status), searched and paged; with an account selected, the page of the list that holds it.
 */
export async function listLocals(deps: AppDeps, req: Request, current: MemberUser, selected: ManagedAccount | null) {
  return listLocalsFor(deps, current, selected, req.query);
}

/**
 * The list on the left from a given query (`q`, `after`, `before`): pages about one account that
 * page something of their own (the ledger) give the list only its search, so each keeps its place.
 */
export async function listLocalsFor(
  deps: AppDeps,
  current: MemberUser,
  selected: ManagedAccount | null,
  query: Record<string, unknown>,
) {
  const parentId = current.account.id;
  const q = searchTerm(query);
  const cursor = cursorFrom(query);
  let page = await childrenPage(deps.db, parentId, q, cursor);
  const explicit = cursor.after !== undefined || cursor.before !== undefined;
  if (selected?.parent_id === parentId && !explicit && !page.rows.some((r) => r.id === selected.id)) {
    const before = await childBefore(deps.db, parentId, q, selected.id);
    if (before !== null) page = await childrenPage(deps.db, parentId, q, { after: before });
  }
  // The list keeps its search and page on the account pages too, so the selection stays in view.
  const listPath = selected ? `/manager/accounts/${selected.id}` : '/manager';
  return {
    q,
    listPath,
    accounts: page.rows,
    links: pageLinks(listPath, page, { q }),
    selectedId: selected?.id ?? null,
    canCreate: canCreateChild(current),
    createsResellers: current.account.kind === 'platform',
  };
}

/**
 * The right-hand side: one account, what the user may do to it, its users, and its support
 * contacts with their search box (`support_q`, seed 002); `supportRefused` is an address «Agregar»
 * refused, shown again in the box with «Contiene un correo electrónico no válido»; `errors`, a change
 * of the support contacts the account's rule refused (`support_contacts`, beside their list).
 */
export async function detailLocals(
  deps: AppDeps,
  current: MemberUser,
  selected: ManagedAccount,
  options: { query?: Record<string, unknown>; supportRefused?: string; errors?: FieldErrors } = {},
) {
  const { db } = deps;
  const account = await accountDetails(db, selected.id);
  const actions = allowedActions(current, selected);
  const supportContacts = await supportContactsOf(db, account.id);
  return {
    account,
    actions,
    owner: await ownerOf(db, account.id),
    balanceCents: await balanceOf(db, account.id),
    entries: await recentEntries(db, account.id),
    supportContacts,
    support: await supportLocals(deps, selected, actions.support_contacts, supportContacts, options),
    users: await listAccountUsers(db, account.id),
    pool: account.kind === 'reseller' ? await poolState(db, account.id) : null,
    // A reseller's own customers, for platform admins to reach them (the list on the left is the resellers).
    customers: account.kind === 'reseller' ? (await childrenPage(db, account.id, '', {})).rows : [],
    classifiers: CLASSIFIERS,
    generatedPassword: null as string | null,
    /** The owner's generated password was shown already (its page, reloaded). */
    passwordShown: false,
    errors: options.errors ?? {},
  };
}

/** The support contacts' search box on the account page: partners of the account's parent, or a typed address. */
async function supportLocals(
  deps: AppDeps,
  selected: ManagedAccount,
  editable: boolean,
  contacts: SupportContact[],
  options: { query?: Record<string, unknown>; supportRefused?: string },
) {
  const refused = options.supportRefused;
  const search = parseSupportSearch({ q: refused ?? options.query?.support_q });
  const chosen = contacts.map((c) => c.partner_user_id).filter((id): id is number => id !== null);
  const lookUp = editable && search.partnerQuery && !search.typedEmail && !search.invalidEmail && !refused;
  return {
    editable,
    q: search.q,
    /** Partners already contacts: found, but shown as added rather than hidden. */
    chosen,
    partners:
      lookUp && selected.parent_id !== null ? await searchPartnersOf(deps.db, selected.parent_id, search.q, []) : [],
    typedEmail: refused ? null : search.typedEmail,
    invalidEmail: refused !== undefined || search.invalidEmail,
  };
}
