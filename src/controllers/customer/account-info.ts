import type { Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { parseSupportSearch, type SupportSearch } from '../../forms/customer/support-contact';
import type { FieldErrors } from '../../forms/form';
import { CLASSIFIERS } from '../../models/accounts';
import { creditSummary, telephonySettings } from '../../models/accounts-profile';
import { searchPartners, supportContactsAccount, supportContactsOf } from '../../models/support-contacts';
import { allowedActions, readOnlyReason } from '../../policies/support-contacts';
import { withMember } from '../handlers';

/** The support contacts part: the list, what the user may do, and the search results. */
async function supportPanel({ db }: AppDeps, current: MemberUser, search: SupportSearch) {
  const account = await supportContactsAccount(db, current.account.id);
  const actions = allowedActions(current, account);
  if (!actions.view) return null;
  const accountId = current.account.id;
  const partners = actions.add && search.partnerQuery ? await searchPartners(db, accountId, search.q) : [];
  return {
    actions,
    readOnly: readOnlyReason(current, account),
    contacts: await supportContactsOf(db, accountId),
    q: search.q,
    partners,
    typedEmail: actions.add ? search.typedEmail : null,
    // «socio@» is the start of a partner's address: a search, not a wrong address, when it finds one.
    invalidEmail: actions.add && search.invalidEmail && partners.length === 0,
  };
}

/**
 * Información de la cuenta as `status`: telephony (with `telephony`) and support contacts (with
 * `support_contacts`), the search box showing `search`; `errors` is a change of the support
 * contacts that was refused (`support_contacts`, shown beside their list), for a 422.
 */
export async function renderAccountPage(
  deps: AppDeps,
  res: Response,
  current: MemberUser,
  search: SupportSearch,
  { status = 200, errors = {} }: { status?: number; errors?: FieldErrors } = {},
): Promise<void> {
  const support = await supportPanel(deps, current, search);
  if (!current.sections.has('telephony'))
    return res.status(status).render('customer/account/show', { account: null, support, errors });
  const account = await telephonySettings(deps.db, current.account.id);
  const credit = await creditSummary(deps.db, current.account.id);
  return res.status(status).render('customer/account/show', {
    account,
    balanceCents: credit.balanceCents,
    entries: credit.entries,
    classifiers: CLASSIFIERS,
    support,
    errors,
  });
}

/** Información de la cuenta: read-only telephony settings and credit, and the support contacts. */
export function accountInfoController(deps: AppDeps) {
  return {
    /** GET /account */
    show: withMember(async (req, res, current) => {
      await renderAccountPage(deps, res, current, parseSupportSearch(req.query));
    }),
  };
}
