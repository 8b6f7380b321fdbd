import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import type { MemberUser } from '../../current-user';
import type { FieldErrors } from '../../forms/form';
import { userActor } from '../../domain/actor';
import { parseSupportContact } from '../../forms/customer/support-contact';
import { NotFoundError } from '../../domain/errors';
import type { ManagedAccount } from '../../models/accounts';
import { partnersOf, type Partner } from '../../models/partners';
import { findSupportContact } from '../../models/support-contacts';
import { addManagedSupportContact, removeManagedSupportContact } from '../../services/accounts/support-contacts';
import type { SupportContactTarget } from '../../services/support-contacts';
import { withMember } from '../handlers';
import { positiveId } from '../../domain/ids';
import { redirectWithFlash } from '../respond';
import { detailLocals, listLocals } from './account-page';
import { accountPath, loadManaged } from './load-managed';

const ANCHOR = 'support-contacts';

/** Support contacts of an account below the user's, from its page (seed 002): «Agregar» and ✕. */
export function accountSupportController(deps: AppDeps) {
  /** Exactly that person, and only among the people of the account's parent: anyone else is not found. */
  async function partnerOf(account: ManagedAccount, choice: { partnerUserId: number }): Promise<Partner> {
    const [partner] = await partnersOf(deps.db, account.parent_id!, [choice.partnerUserId]);
    if (!partner) throw new NotFoundError();
    return partner;
  }

  /** The account's rule refused the change: its page again, the search as it was, the message beside the list. */
  async function refused(
    req: Request,
    res: Response,
    current: MemberUser,
    account: ManagedAccount,
    errors: FieldErrors,
  ) {
    const query = { support_q: (req.body as Record<string, unknown>).support_q };
    return res.status(422).render('manager/accounts/show', {
      ...(await listLocals(deps, req, current, account)),
      ...(await detailLocals(deps, current, account, { query, errors })),
    });
  }

  return {
    /** POST /manager/accounts/:id/support-contacts — a partner of the account's parent (`partner_user_id`) or an `email`; `support_q`, the search. */
    create: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'support_contacts');
      const form = parseSupportContact(req.body);
      if (!form.ok)
        return res.status(422).render('manager/accounts/show', {
          ...(await listLocals(deps, req, current, account)),
          ...(await detailLocals(deps, current, account, { supportRefused: form.values.email })),
        });
      const target: SupportContactTarget =
        'email' in form.data ? { email: form.data.email } : { partner: await partnerOf(account, form.data) };
      const result = await addManagedSupportContact(deps, userActor(current.id), account, target, req.ip);
      if (!result.ok) return refused(req, res, current, account, result.errors);
      const email = 'email' in target ? target.email : target.partner.email;
      return redirectWithFlash(req, res, accountPath(account, ANCHOR), 'flash.support_contact_added', { email });
    }),

    /** POST /manager/accounts/:id/support-contacts/:contactId/delete — the ✕ beside a support contact. */
    destroy: withMember(async (req, res, current) => {
      const account = await loadManaged(deps, current, req.params.id, 'support_contacts');
      const contact = await findSupportContact(deps.db, account.id, positiveId(req.params.contactId) ?? 0);
      if (!contact) throw new NotFoundError();
      const result = await removeManagedSupportContact(deps, userActor(current.id), account, contact, req.ip);
      if (!result.ok) return refused(req, res, current, account, result.errors);
      return redirectWithFlash(req, res, accountPath(account, ANCHOR), 'flash.support_contact_removed', {
        email: contact.email,
      });
    }),
  };
}
