import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { countryOptions } from '../../countries';
import { EMAIL_TYPES, parseContact, tickedLists } from '../../forms/customer/contact';
import { textValues, type FieldErrors } from '../../forms/form';
import { GRANTABLE } from '../../forms/hub/user';
import { ForbiddenError, NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { contactsPage, findContact, type ContactRow } from '../../models/contacts';
import { manageUsers } from '../../policies/account-users';
import { positiveId } from '../params';
import { recordAudit } from '../../services/audit';
import { removeSubaccount, saveContact } from '../../services/contacts';
import { suggestPassword } from '../../services/password-generator';

type Ticked = { email_types: string[]; permissions: string[]; subaccount: boolean };

/** Contactos/Sub-cuentas: people on file, and the sub-accounts among them. */
export function contactsController(deps: AppDeps) {
  const { db, mailer } = deps;
  const canManageSubaccounts = (req: Request) => manageUsers.allows(req.current);
  const grantable = (req: Request) => GRANTABLE.filter((s) => req.current!.sections.has(s));

  async function loadContact(req: Request): Promise<ContactRow> {
    const contact = await findContact(db, req.current!.account!.id, Number(req.params.id));
    if (!contact) throw new NotFoundError();
    return contact;
  }

  function renderForm(
    req: Request,
    res: Response,
    status: number,
    contact: ContactRow | null,
    values: Record<string, string>,
    ticked: Ticked,
    errors: FieldErrors = {},
  ) {
    res.status(status).render(contact ? 'customer/contacts/edit' : 'customer/contacts/new', {
      contact,
      values,
      ticked,
      errors,
      emailTypes: EMAIL_TYPES,
      countries: countryOptions(req.locale),
      grantable: grantable(req),
      manageSubaccount: canManageSubaccounts(req),
    });
  }

  async function save(req: Request, res: Response, contact: ContactRow | null) {
    const ticked = tickedLists(req.body);
    const form = parseContact(req.body);
    if (req.body?.generate !== undefined) {
      // «Generar otra»: the same form again with a new suggestion; nothing is saved.
      const values = form.ok ? { ...textValues(form.data) } : form.values;
      return renderForm(req, res, 200, contact, { ...values, password: suggestPassword(), access: 'password' }, ticked);
    }
    if (!form.ok) return renderForm(req, res, 422, contact, form.values, ticked, form.errors);
    if (form.data.subaccount && !canManageSubaccounts(req) && !contact?.membership_id) throw new ForbiddenError();

    const result = await saveContact(deps, req.current!, contact, form.data, {
      manageSubaccount: canManageSubaccounts(req),
      grantable: grantable(req),
      ip: req.ip,
    });
    if (!result.ok) return renderForm(req, res, 422, contact, textValues(form.data), ticked, result.errors);
    if (result.invitationOutboxId && !(await mailer.sendNow(result.invitationOutboxId)))
      setFlash(req, 'flash.invitation_failed', {}, 'error');
    else
      setFlash(req, contact ? 'flash.contact_updated' : 'flash.contact_created', {
        name: `${form.data.first_name} ${form.data.last_name}`,
      });
    await saveSession(req);
    return res.redirect(303, '/contacts');
  }

  return {
    /** GET /contacts?after=<id> | ?before=<id> */
    async index(req: Request, res: Response) {
      const page = await contactsPage(db, req.current!.account!.id, {
        after: positiveId(req.query.after) ?? undefined,
        before: positiveId(req.query.before) ?? undefined,
      });
      res.render('customer/contacts/index', { contacts: page.rows, previous: page.previous, next: page.next });
    },

    /** GET /contacts/new */
    new(req: Request, res: Response) {
      renderForm(
        req,
        res,
        200,
        null,
        { country: 'MX', password: suggestPassword(), access: 'password' },
        { email_types: ['general'], permissions: [], subaccount: false },
      );
    },

    /** POST /contacts/new */
    create: (req: Request, res: Response) => save(req, res, null),

    /** GET /contacts/:id/edit */
    async edit(req: Request, res: Response) {
      const contact = await loadContact(req);
      const values = {
        ...textValues(contact),
        country: contact.country ?? '',
        password: suggestPassword(),
        access: 'password',
      };
      renderForm(req, res, 200, contact, values, {
        email_types: contact.email_types,
        permissions: contact.permissions ?? [],
        subaccount: contact.membership_id !== null,
      });
    },

    /** POST /contacts/:id/edit */
    async update(req: Request, res: Response) {
      return save(req, res, await loadContact(req));
    },

    /** POST /contacts/:id/delete — a sub-account loses its access here; nobody deletes themselves or the owner. */
    async destroy(req: Request, res: Response) {
      const current = req.current!;
      const contact = await loadContact(req);
      if (contact.user_id === current.id || contact.role === 'owner' || contact.role === 'admin') {
        setFlash(req, contact.user_id === current.id ? 'flash.contact_self' : 'flash.contact_is_manager', {}, 'error');
      } else if (contact.membership_id && !canManageSubaccounts(req)) {
        throw new ForbiddenError();
      } else {
        await db.transaction(async (trx) => {
          if (contact.user_id) await removeSubaccount(trx, contact);
          await trx('contacts').where({ id: contact.id }).delete();
          await recordAudit(trx, {
            action: 'contact.deleted',
            accountId: contact.account_id,
            actorUserId: current.id,
            targetType: 'contact',
            targetId: contact.id,
            ip: req.ip,
            metadata: { email: contact.email, had_access: contact.membership_id !== null },
          });
        });
        setFlash(req, 'flash.contact_deleted', { name: `${contact.first_name} ${contact.last_name}` });
      }
      await saveSession(req);
      res.redirect(303, '/contacts');
    },
  };
}
