import type { AppDeps } from '../app-deps';
import type { MemberUser } from '../current-user';
import { formatMoney } from '../formatters';
import type { OutgoingNotice } from '../mail/outbox';
import type { InvoiceRow } from '../models/billing';
import { recordAudit } from './audit';
import { inEveryLanguage } from './mail-language';

/** What an invoice notice says about the invoice. */
export type InvoiceNotice = Pick<InvoiceRow, 'number' | 'total_cents' | 'currency' | 'due_on'>;

/**
 * The invoice notice to each contact of the account who chose to receive invoices («Facturas»), in
 * their own language. «Enviar por correo» and a new invoice from the billing feed both send it, so
 * they always reach the same people.
 */
export function invoiceNotice(
  deps: Pick<AppDeps, 'i18n' | 'config'>,
  account: { id: number; name: string },
  invoice: InvoiceNotice,
): OutgoingNotice {
  const texts = inEveryLanguage(deps.i18n, (t, locale) => {
    const values = {
      number: invoice.number,
      account: account.name,
      total: formatMoney(locale, invoice.total_cents, invoice.currency),
      due: invoice.due_on,
      url: `${deps.config.baseUrl}/invoices/${invoice.number}`,
    };
    return { subject: t('mail.invoice_notice.subject', values), text: t('mail.invoice_notice.body', values) };
  });
  return { accountId: account.id, category: 'invoice', template: 'invoice_notice', texts };
}

/** The invoice notice, queued in the caller's transaction (`{ ...deps, db: trx }`); how many messages. */
export async function queueInvoiceNotice(
  deps: AppDeps,
  account: { id: number; name: string },
  invoice: InvoiceNotice,
): Promise<number> {
  return deps.mailer.enqueueToContacts(invoiceNotice(deps, account, invoice), deps.db);
}

/**
 * «Enviar por correo»: one message to each contact who chose to receive invoices, each in their own
 * language. Returns how many were queued (none: nobody receives invoices).
 */
export async function emailInvoice(
  deps: AppDeps,
  current: MemberUser,
  invoice: InvoiceRow,
  ip: string | undefined,
): Promise<number> {
  return deps.db.transaction(async (trx) => {
    const sent = await queueInvoiceNotice({ ...deps, db: trx }, current.account, invoice);
    await recordAudit(trx, {
      action: 'invoice.emailed',
      accountId: current.account.id,
      actorUserId: current.id,
      targetType: 'invoice',
      targetId: invoice.id,
      ip,
      metadata: { recipients: sent },
    });
    return sent;
  });
}
