import type { Request, Response } from 'express';
import { memberUser } from '../../current-user';
import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../middleware/errors';
import { setFlash } from '../../middleware/locals';
import { saveSession } from '../../middleware/session';
import { invoicesPage, findInvoice, servicesPage } from '../../models/billing';
import { recipientsFor } from '../../models/contacts';
import { scopeOf } from '../../models/scope';
import { formatMoney } from '../../formatters';
import { recordAudit } from '../../services/audit';
import { pageNumber } from '../params';

/** Servicios and Facturas: what the account pays for, within the user's account numbers. */
export function billingController({ db, mailer, config }: AppDeps) {
  return {
    /** GET /services */
    async services(req: Request, res: Response) {
      const page = pageNumber(req.query.page);
      const { rows, hasMore } = await servicesPage(db, scopeOf(memberUser(req)), page);
      res.render('customer/services/index', { services: rows, page, hasMore });
    },

    /** GET /invoices */
    async invoices(req: Request, res: Response) {
      const page = pageNumber(req.query.page);
      const { rows, hasMore } = await invoicesPage(db, scopeOf(memberUser(req)), page);
      res.render('customer/invoices/index', { invoices: rows, page, hasMore });
    },

    /** GET /invoices/:number */
    async invoice(req: Request, res: Response) {
      const invoice = await findInvoice(db, scopeOf(memberUser(req)), String(req.params.number));
      if (!invoice) throw new NotFoundError();
      res.render('customer/invoices/show', { invoice });
    },

    /** POST /invoices/:number/email — to every contact who chose to receive invoices, one message each. */
    async email(req: Request, res: Response) {
      const current = req.current!;
      const invoice = await findInvoice(db, scopeOf(memberUser(req)), String(req.params.number));
      if (!invoice) throw new NotFoundError();
      const recipients = await recipientsFor(db, current.account!.id, 'invoice');
      const money = formatMoney(req.locale, invoice.total_cents, invoice.currency);
      await db.transaction(async (trx) => {
        for (const to of recipients) {
          await mailer.enqueue(
            {
              accountId: current.account!.id,
              category: 'invoice',
              template: 'invoice_notice',
              to: [to],
              subject: req.t('mail.invoice_notice.subject', { number: invoice.number, account: current.account!.name }),
              text: req.t('mail.invoice_notice.body', {
                number: invoice.number,
                account: current.account!.name,
                total: money,
                due: invoice.due_on,
                url: `${config.baseUrl}/invoices/${invoice.number}`,
              }),
            },
            trx,
          );
        }
        await recordAudit(trx, {
          action: 'invoice.emailed',
          accountId: current.account!.id,
          actorUserId: current.id,
          targetType: 'invoice',
          targetId: invoice.id,
          ip: req.ip,
          metadata: { recipients: recipients.length },
        });
      });
      if (recipients.length) setFlash(req, 'flash.invoice_sent', { n: String(recipients.length) });
      else setFlash(req, 'flash.invoice_no_recipients', {}, 'error');
      await saveSession(req);
      res.redirect(303, `/invoices/${invoice.number}`);
    },
  };
}
