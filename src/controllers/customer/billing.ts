import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../domain/errors';
import { findInvoice, invoicesPage, servicesPage } from '../../models/billing';
import { pageLinks } from '../../models/pagination';
import { scopeOf } from '../../models/scope';
import { emailInvoice } from '../../services/invoices';
import { withMember } from '../handlers';
import { cursorFrom } from '../params';
import { redirectWithError, redirectWithFlash } from '../respond';

/** Servicios and Facturas: what the account pays for, within the user's account numbers. */
export function billingController(deps: AppDeps) {
  const { db } = deps;
  return {
    /** GET /services?after=<id> | ?before=<id> — by account number, then name. */
    services: withMember(async (req, res, current) => {
      const page = await servicesPage(db, scopeOf(current), cursorFrom(req.query));
      res.render('customer/services/index', { services: page.rows, links: pageLinks('/services', page) });
    }),

    /** GET /invoices?after=<id> | ?before=<id> — newest first. */
    invoices: withMember(async (req, res, current) => {
      const page = await invoicesPage(db, scopeOf(current), cursorFrom(req.query));
      res.render('customer/invoices/index', { invoices: page.rows, links: pageLinks('/invoices', page) });
    }),

    /** GET /invoices/:number */
    invoice: withMember(async (req, res, current) => {
      const invoice = await findInvoice(db, scopeOf(current), String(req.params.number));
      if (!invoice) throw new NotFoundError();
      res.render('customer/invoices/show', { invoice });
    }),

    /** POST /invoices/:number/email — to every contact who chose to receive invoices, one message each. */
    email: withMember(async (req, res, current) => {
      const invoice = await findInvoice(db, scopeOf(current), String(req.params.number));
      if (!invoice) throw new NotFoundError();
      const sent = await emailInvoice(deps, current, invoice, req.ip);
      const back = `/invoices/${invoice.number}`;
      if (sent) await redirectWithFlash(req, res, back, 'flash.invoice_sent', { count: sent });
      else await redirectWithError(req, res, back, 'flash.invoice_no_recipients');
    }),
  };
}
