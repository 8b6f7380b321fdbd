import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { isEmailAddress } from '../../email-address';
import { ForbiddenError, NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { createdByPartner, searchPartners, supportContactsOf } from '../../models/support-contacts';
import { recordAudit } from '../../services/audit';
import type { AuditAction } from '../../services/audit-actions';

/** Support contacts: who receives the account's problem reports (permission `support_contacts`). */
export function supportContactsController({ db }: AppDeps) {
  async function mayEdit(req: Request): Promise<boolean> {
    const current = req.current!;
    return (
      current.sections.has('support_contacts') &&
      current.membership!.role !== 'member' &&
      (await createdByPartner(db, current.account!.id))
    );
  }

  async function done(req: Request, res: Response, flash: string, params: Record<string, string>, action: AuditAction) {
    await recordAudit(db, {
      action,
      accountId: req.current!.account!.id,
      actorUserId: req.current!.id,
      targetType: 'account',
      targetId: req.current!.account!.id,
      ip: req.ip,
      metadata: params,
    });
    setFlash(req, flash, params);
    await saveSession(req);
    res.redirect(303, '/account#support-contacts');
  }

  return {
    /** What /account shows about support contacts: the list, the search results, and whether it may be edited. */
    async panel(req: Request) {
      if (!req.current!.sections.has('support_contacts')) return null;
      const accountId = req.current!.account!.id;
      const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 254) : '';
      const editable = await mayEdit(req);
      const looksLikeEmail = q.includes('@');
      return {
        contacts: await supportContactsOf(db, accountId),
        editable,
        q,
        partners: editable && q.length >= 2 ? await searchPartners(db, accountId, q) : [],
        typedEmail: editable && looksLikeEmail && isEmailAddress(q) ? q.toLowerCase() : null,
        invalidEmail: editable && looksLikeEmail && !isEmailAddress(q),
      };
    },

    /** POST /account/support-contacts — a partner (`partner_user_id`) or a plain address (`email`). */
    async create(req: Request, res: Response) {
      if (!(await mayEdit(req))) throw new ForbiddenError();
      const accountId = req.current!.account!.id;
      if (req.body?.partner_user_id !== undefined) {
        const partner = (await searchPartners(db, accountId, '')).find(
          (p: { id: number }) => p.id === Number(req.body.partner_user_id),
        );
        if (!partner) throw new NotFoundError();
        await db('support_contacts')
          .insert({ account_id: accountId, partner_user_id: partner.id })
          .onConflict(['account_id', 'partner_user_id'])
          .ignore();
        return done(req, res, 'flash.support_contact_added', { email: partner.email }, 'support_contact.added');
      }
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      if (!isEmailAddress(email)) {
        setFlash(req, 'errors.support_contacts.email.invalid', {}, 'error');
        await saveSession(req);
        return res.redirect(303, `/account?q=${encodeURIComponent(email)}#support-contacts`);
      }
      await db('support_contacts')
        .insert({ account_id: accountId, email })
        .onConflict(['account_id', 'email'])
        .ignore();
      return done(req, res, 'flash.support_contact_added', { email }, 'support_contact.added');
    },

    /** POST /account/support-contacts/:id/delete — the X beside a support contact. */
    async destroy(req: Request, res: Response) {
      const accountId = req.current!.account!.id;
      const contact = (await supportContactsOf(db, accountId)).find((c) => c.id === Number(req.params.id));
      if (!contact) throw new NotFoundError();
      if (!(await mayEdit(req))) throw new ForbiddenError();
      await db('support_contacts').where({ id: contact.id, account_id: accountId }).delete();
      return done(req, res, 'flash.support_contact_removed', { email: contact.email }, 'support_contact.removed');
    },
  };
}
