import type { AppDeps } from '../../app-deps';
import { parseValidation } from '../../forms/staff/request';
import { safeReturnPath } from '../../domain/return-path';
import { NotFoundError } from '../../domain/errors';
import { findContactForStaff } from '../../models/helpdesk';
import { validateContact } from '../../services/helpdesk';
import { withUser } from '../handlers';
import { positiveId } from '../../domain/ids';
import { redirectWithError, redirectWithFlash } from '../respond';

/** POST /staff/contacts/:id/validate — records who validated, when and how, and files their held requests. */
export function staffContactsController(deps: AppDeps) {
  return {
    validate: withUser(async (req, res, current) => {
      const form = parseValidation(req.body);
      const id = positiveId(req.params.id);
      const contact = id === null ? undefined : await findContactForStaff(deps.db, id);
      if (!contact) throw new NotFoundError();
      // The form sits on several pages (the ticket, the request, the account): go back to the one it came from.
      const back = safeReturnPath(req.body?.return_to) ?? `/staff/accounts/${contact.account_id}`;
      if (!form.ok) {
        return redirectWithError(req, res, back, 'flash.validation_note_required');
      }
      const released = await validateContact(deps, current, contact, form.data.note, req.ip);
      return redirectWithFlash(req, res, back, 'flash.contact_validated', {
        email: contact.email,
        count: released.length,
      });
    }),
  };
}
