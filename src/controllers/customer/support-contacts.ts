import type { Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import {
  parseSupportContact,
  parseSupportSearch,
  searchOfPost,
  type SupportSearch,
} from '../../forms/customer/support-contact';
import { formKeyOf } from '../../forms/form-key';
import type { FieldErrors } from '../../forms/form';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import { findPartner, findSupportContact, supportContactsAccount } from '../../models/support-contacts';
import { allowedActions, type SupportContactAction } from '../../policies/support-contacts';
import { addSupportContact, removeSupportContact, type SupportContactTarget } from '../../services/support-contacts';
import { submitOnce } from '../../services/form-keys';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';
import { redirectWithError, redirectWithFlash } from '../respond';
import { renderAccountPage } from './account-info';

const BACK = '/account#support-contacts';

/** Support contacts: who receives the account's problem reports (shown on /account). */
export function supportContactsController(deps: AppDeps) {
  const { db } = deps;

  async function authorize(current: MemberUser, action: SupportContactAction): Promise<void> {
    const account = await supportContactsAccount(db, current.account.id);
    if (!allowedActions(current, account)[action]) throw new ForbiddenError();
  }

  /** The account's rule refused the change: the page again, its search as it was, the message beside the list. */
  function refused(res: Response, current: MemberUser, search: SupportSearch, errors: FieldErrors) {
    return renderAccountPage(deps, res, current, search, { status: 422, errors });
  }

  return {
    /** POST /account/support-contacts — a partner (`partner_user_id`) or a plain address (`email`); `q`, the search. */
    create: withMember(async (req, res, current) => {
      await authorize(current, 'add');
      const form = parseSupportContact(req.body);
      if (!form.ok) {
        // The form lives in the search box of a GET page: show the address there again, with the message.
        const back = `/account?q=${encodeURIComponent(form.values.email)}#support-contacts`;
        return redirectWithError(req, res, back, 'errors.support_contacts.email.invalid');
      }
      let target: SupportContactTarget;
      if ('email' in form.data) target = { email: form.data.email };
      else {
        const partner = await findPartner(db, current.account.id, form.data.partnerUserId);
        if (!partner) throw new NotFoundError();
        target = { partner };
      }
      // Added once per form key; the same address added twice at once is simply there.
      const submitted = await submitOnce(
        deps,
        { key: formKeyOf(req.body), userId: current.id },
        (tx) => addSupportContact(tx, current, target, req.ip),
        (result) => (result.ok ? BACK : null),
      );
      if (submitted.kind === 'done' && !submitted.result.ok)
        return refused(res, current, searchOfPost(req.body), submitted.result.errors);
      const email = 'email' in target ? target.email : target.partner.email;
      return redirectWithFlash(req, res, BACK, 'flash.support_contact_added', { email });
    }),

    /** POST /account/support-contacts/:id/delete — the ✕ beside a support contact. */
    destroy: withMember(async (req, res, current) => {
      const contact = await findSupportContact(db, current.account.id, positiveId(req.params.id) ?? 0);
      if (!contact) throw new NotFoundError();
      await authorize(current, 'remove');
      const result = await removeSupportContact(deps, current, contact, req.ip);
      if (!result.ok) return refused(res, current, parseSupportSearch({}), result.errors);
      return redirectWithFlash(req, res, BACK, 'flash.support_contact_removed', { email: contact.email });
    }),
  };
}
