import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import { parseSupportContact } from '../../forms/customer/support-contact';
import { formKeyOf } from '../../forms/form-key';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import { findPartner, findSupportContact, supportContactsAccount } from '../../models/support-contacts';
import { allowedActions, type SupportContactAction } from '../../policies/support-contacts';
import {
  addEmailSupportContact,
  addPartnerSupportContact,
  removeSupportContact,
} from '../../services/support-contacts';
import { submitOnce } from '../../services/form-keys';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';
import { redirectWithError, redirectWithFlash } from '../respond';

const BACK = '/account#support-contacts';

/** Support contacts: who receives the account's problem reports (shown on /account). */
export function supportContactsController(deps: AppDeps) {
  const { db } = deps;

  async function authorize(current: MemberUser, action: SupportContactAction): Promise<void> {
    const account = await supportContactsAccount(db, current.account.id);
    if (!allowedActions(current, account)[action]) throw new ForbiddenError();
  }

  return {
    /** POST /account/support-contacts — a partner (`partner_user_id`) or a plain address (`email`). */
    create: withMember(async (req, res, current) => {
      await authorize(current, 'add');
      const form = parseSupportContact(req.body);
      if (!form.ok) {
        // The form lives in the search box of a GET page: show the address there again, with the message.
        const back = `/account?q=${encodeURIComponent(form.values.email)}#support-contacts`;
        return redirectWithError(req, res, back, 'errors.support_contacts.email.invalid');
      }
      // Added once per form key; the same address added twice at once is simply there.
      const once = (work: (tx: AppDeps) => Promise<void>) =>
        submitOnce(deps, { key: formKeyOf(req.body), userId: current.id }, work, () => BACK);
      if ('email' in form.data) {
        const { email } = form.data;
        await once((tx) => addEmailSupportContact(tx, current, email, req.ip));
        return redirectWithFlash(req, res, BACK, 'flash.support_contact_added', { email });
      }
      const partner = await findPartner(db, current.account.id, form.data.partnerUserId);
      if (!partner) throw new NotFoundError();
      await once((tx) => addPartnerSupportContact(tx, current, partner, req.ip));
      return redirectWithFlash(req, res, BACK, 'flash.support_contact_added', { email: partner.email });
    }),

    /** POST /account/support-contacts/:id/delete — the ✕ beside a support contact. */
    destroy: withMember(async (req, res, current) => {
      const contact = await findSupportContact(db, current.account.id, positiveId(req.params.id) ?? 0);
      if (!contact) throw new NotFoundError();
      await authorize(current, 'remove');
      await removeSupportContact(deps, current, contact, req.ip);
      return redirectWithFlash(req, res, BACK, 'flash.support_contact_removed', { email: contact.email });
    }),
  };
}
