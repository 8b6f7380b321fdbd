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
import { supportContactsOf } from '../../models/support-contacts';
import { poolState } from '../../models/trunk-pool';
import { allowedActions, canCreateChild } from '../../policies/managed-accounts';
import { cursorFrom } from '../params';

/**
 * What every Accounts Manager page shows on the left: the user's account's children (name, realm,
 * status), searched and paged; with an account selected, the page of the list that holds it.
 */
export async function listLocals(deps: AppDeps, req: Request, current: MemberUser, selected: ManagedAccount | null) {
  const parentId = current.account.id;
  const q = searchTerm(req.query);
  const cursor = cursorFrom(req.query);
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

/** The right-hand side: one account, read-only, and what the user may do to it. */
export async function detailLocals(deps: AppDeps, current: MemberUser, selected: ManagedAccount) {
  const { db } = deps;
  const account = await accountDetails(db, selected.id);
  return {
    account,
    actions: allowedActions(current, selected),
    owner: await ownerOf(db, account.id),
    balanceCents: await balanceOf(db, account.id),
    entries: await recentEntries(db, account.id),
    supportContacts: await supportContactsOf(db, account.id),
    pool: account.kind === 'reseller' ? await poolState(db, account.id) : null,
    // A reseller's own customers, for platform admins to reach them (the list on the left is the resellers).
    customers: account.kind === 'reseller' ? (await childrenPage(db, account.id, '', {})).rows : [],
    classifiers: CLASSIFIERS,
    generatedPassword: null as string | null,
  };
}
