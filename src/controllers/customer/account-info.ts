import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { parseSupportSearch, type SupportSearch } from '../../forms/customer/support-contact';
import { CLASSIFIERS } from '../../models/accounts';
import { creditSummary, telephonySettings } from '../../models/accounts-profile';
import { searchPartners, supportContactsAccount, supportContactsOf } from '../../models/support-contacts';
import { allowedActions, readOnlyReason } from '../../policies/support-contacts';
import { withMember } from '../handlers';

/** Información de la cuenta: read-only telephony settings and credit, and the support contacts. */
export function accountInfoController({ db }: AppDeps) {
  /** The support contacts part: the list, what the user may do, and the search results. */
  async function supportPanel(current: MemberUser, search: SupportSearch) {
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
