import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { parseSupportSearch, type SupportSearch } from '../../forms/customer/support-contact';
import { CLASSIFIERS, creditSummary, telephonySettings } from '../../models/accounts-profile';
import { searchPartners, supportContactsAccount, supportContactsOf } from '../../models/support-contacts';
import { allowedActions } from '../../policies/support-contacts';
import { withMember } from '../handlers';

/** Información de la cuenta: read-only telephony settings and credit, and the support contacts. */
export function accountInfoController({ db }: AppDeps) {
  /** The support contacts part: the list, what the user may do, and the search results. */
  async function supportPanel(current: MemberUser, search: SupportSearch) {
    const actions = allowedActions(current, await supportContactsAccount(db, current.account.id));
    if (!actions.view) return null;
    const accountId = current.account.id;
    return {
      actions,
      contacts: await supportContactsOf(db, accountId),
      q: search.q,
      partners: actions.add && search.partnerQuery ? await searchPartners(db, accountId, search.q) : [],
      typedEmail: actions.add ? search.typedEmail : null,
      invalidEmail: actions.add && search.invalidEmail,
    };
  }

  return {
    /** GET /account — telephony (with `telephony`) and support contacts (with `support_contacts`). */
    show: withMember(async (req, res, current) => {
      const support = await supportPanel(current, parseSupportSearch(req.query));
      if (!current.sections.has('telephony')) return res.render('customer/account/show', { account: null, support });
      const account = await telephonySettings(db, current.account.id);
      const credit = await creditSummary(db, current.account.id);
      return res.render('customer/account/show', {
        account,
        balanceCents: credit.balanceCents,
        entries: credit.entries,
        classifiers: CLASSIFIERS,
        support,
      });
    }),
  };
}
