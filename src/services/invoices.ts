import type { AppDeps } from '../app-deps';
import type { MemberUser } from '../current-user';
import { formatMoney } from '../formatters';
import type { Locale } from '../i18n';
import type { InvoiceRow } from '../models/billing';
import { recordAudit } from './audit';
import { recipientsIn } from './mail-language';

/** What an invoice notice says about the invoice. */
export type InvoiceNotice = Pick<InvoiceRow, 'number' | 'total_cents' | 'currency' | 'due_on'>;

/**
 * The invoice notice, queued (in the caller's transaction: `{ ...deps, db: trx }`) for each contact of the account who chose to receive invoices
 * («Facturas»), each in their own language. «Enviar por correo» and a new invoice from the billing
 * feed both send it through here, so they always reach the same people. Returns how many were queued.
 */
export async function queueInvoiceNotice(
  deps: AppDeps,
  account: { id: number; name: string },
  invoice: InvoiceNotice,
): Promise<number> {
  const { db, mailer, config } = deps;
  const recipients = await recipientsIn(db, account.id, 'invoice');
  const values = (locale: Locale) => ({
    number: invoice.number,
    account: account.name,
    total: formatMoney(locale, invoice.total_cents, invoice.currency),
    due: invoice.due_on,
    url: `${config.baseUrl}/invoices/${invoice.number}`,
  });
  await mailer.enqueueAll(
    recipients.map(({ email, locale }) => {
      const t = deps.i18n.getFixedT(locale);
      return {
        accountId: account.id,
        category: 'invoice' as const,
        template: 'invoice_notice',
        to: [email],
        subject: t('mail.invoice_notice.subject', values(locale)),
        text: t('mail.invoice_notice.body', values(locale)),
      };
    }),
    db,
  );
  return recipients.length;
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
