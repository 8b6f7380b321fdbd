import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { countryOptions } from '../../domain/countries';
import type { MemberUser } from '../../current-user';
import {
  asksForAnotherPassword,
  blankContact,
  contactFormValues,
  EMAIL_TYPES,
  parseContact,
  tickedLists,
  type Ticked,
} from '../../forms/customer/contact';
import { textValues, type FieldErrors } from '../../forms/form';
import { formKeyOf } from '../../forms/form-key';
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import { contactsPage, findContact, type ContactRow } from '../../models/contacts';
import { pageLinks } from '../../models/pagination';
import { grantableBy } from '../../domain/permissions';
import { contactCategories } from '../../domain/mail-categories';
import { allowedActions, deleteRefusal } from '../../policies/contacts';
import { deleteContact, saveContact } from '../../services/contacts';
import { suggestPassword } from '../../domain/password-generator';
import { SECTIONS } from '../../domain/permissions';
import { withMember } from '../handlers';
import { cursorFrom } from '../params';
import { positiveId } from '../../domain/ids';
import { redirectWithError, redirectWithFlash, submitFormOnce } from '../respond';

/** Contactos/Sub-cuentas: people on file, and the sub-accounts among them. */
export function contactsController(deps: AppDeps) {
  const { db } = deps;

  async function load(req: Request, current: MemberUser): Promise<ContactRow> {
    const contact = await findContact(db, current.account.id, positiveId(req.params.id) ?? 0);
    if (!contact) throw new NotFoundError();
    return contact;
  }

  function renderForm(
    req: Request,
    res: Response,
    current: MemberUser,
    contact: ContactRow | null,
    form: { status: number; values: Record<string, string>; ticked: Ticked; errors?: FieldErrors },
  ) {
    res.status(form.status).render(contact ? 'customer/contacts/edit' : 'customer/contacts/new', {
      contact,
      values: form.values,
      ticked: form.ticked,
      errors: form.errors ?? {},
      actions: allowedActions(current, contact),
      emailTypes: EMAIL_TYPES,
      countries: countryOptions(req.locale),
      grantable: grantableBy(current),
    });
  }

  /**
   * The same answer for asking and deleting: 403 without the right, or back to `back` with why not
   * (oneself, an owner or admin). True when refused (the response is sent).
   */
  async function refuseDeletion(req: Request, res: Response, current: MemberUser, contact: ContactRow, back: string) {
    const refused = deleteRefusal(current, contact);
    if (refused === 'forbidden') throw new ForbiddenError();
    if (!refused) return false;
    await redirectWithError(req, res, back, refused === 'self' ? 'flash.contact_self' : 'flash.contact_is_manager');
    return true;
  }

  /** POST /contacts/new and /contacts/:id/edit */
  async function save(req: Request, res: Response, current: MemberUser, contact: ContactRow | null) {
    const ticked = tickedLists(req.body);
    const form = parseContact(req.body);
    if (asksForAnotherPassword(req.body)) {
      const values = form.ok ? textValues(form.data) : form.values;
      return renderForm(req, res, current, contact, {
        status: 200,
        values: { ...values, password: suggestPassword(), access: 'password' },
        ticked,
      });
    }
    if (!form.ok)
      return renderForm(req, res, current, contact, { status: 422, values: form.values, errors: form.errors, ticked });
    if (form.data.subaccount && !contact?.membership_id && !allowedActions(current, contact).subaccount)
      throw new ForbiddenError();

    // A new contact is made once per form key; a lost race for the same e-mail is the form's 422.
    const submitted = await submitFormOnce(deps, req, res, {
      userId: current.id,
      key: contact ? null : formKeyOf(req.body), // an edit is not deduplicated
      work: (tx) => saveContact(tx, current, contact, form.data, req.ip),
      pathOf: (saved) => (saved.ok ? '/contacts' : null),
      conflict: () =>
        renderForm(req, res, current, contact, {
          status: 422,
          values: textValues(form.data),
          ticked,
          errors: { email: 'errors.contact.email.taken' },
        }),
    });
    if (!submitted) return;
    const { result } = submitted;
    if (!result.ok)
      return renderForm(req, res, current, contact, {
        status: 422,
        values: textValues(form.data),
        ticked,
        errors: result.errors,
      });
    if (result.invitation === 'refused') return redirectWithError(req, res, '/contacts', 'flash.invitation_failed');
    if (result.invitation === 'queued' || result.invitation === 'deferred')
      return redirectWithFlash(req, res, '/contacts', 'flash.invitation_queued', { email: form.data.email });
    return redirectWithFlash(req, res, '/contacts', contact ? 'flash.contact_updated' : 'flash.contact_created', {
      name: `${form.data.first_name} ${form.data.last_name}`,
    });
  }

  return {
    /** GET /contacts?after=<id> | ?before=<id> — by name, a page at a time. */
    index: withMember(async (req, res, current) => {
      const page = await contactsPage(db, current.account.id, cursorFrom(req.query));
      res.render('customer/contacts/index', {
        contacts: page.rows.map((c) => ({ ...c, email_types: contactCategories(c.email_types) })),
        links: pageLinks('/contacts', page),
      });
    }),

    /** GET /contacts/new */
    new: withMember((req, res, current) =>
      renderForm(req, res, current, null, { status: 200, ...blankContact(suggestPassword()) }),
    ),

    /** POST /contacts/new */
    create: withMember((req, res, current) => save(req, res, current, null)),

    /** GET /contacts/:id/edit */
    edit: withMember(async (req, res, current) => {
      const contact = await load(req, current);
      renderForm(req, res, current, contact, { status: 200, ...contactFormValues(contact, suggestPassword()) });
    }),

    /** POST /contacts/:id/edit */
    update: withMember(async (req, res, current) => save(req, res, current, await load(req, current))),

    /** GET /contacts/:id/delete — asks first: who goes, and what they lose; the button posts below. */
    confirmDestroy: withMember(async (req, res, current) => {
      const contact = await load(req, current);
      if (await refuseDeletion(req, res, current, contact, `/contacts/${contact.id}/edit`)) return;
      res.render('customer/contacts/delete', {
        contact: { ...contact, email_types: contactCategories(contact.email_types) },
        sections: SECTIONS.filter((s) => contact.permissions?.includes(s)),
      });
    }),

    /** POST /contacts/:id/delete — a sub-account loses its access here; nobody deletes themselves or a manager. */
    destroy: withMember(async (req, res, current) => {
      const contact = await load(req, current);
      if (await refuseDeletion(req, res, current, contact, '/contacts')) return;
      await deleteContact(deps, current, contact, req.ip);
      await redirectWithFlash(req, res, '/contacts', 'flash.contact_deleted', {
        name: `${contact.first_name} ${contact.last_name}`,
      });
    }),
  };
}
