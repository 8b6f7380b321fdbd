import type { AppDeps } from '../../app-deps';
import type { ServiceRecord, ServiceStatus } from '../../models/billing-feed';
import { inEveryLanguage } from '../mail-language';

/** The states a service's contacts are told about when it reaches them. */
export const NOTIFIED_STATUSES: readonly ServiceStatus[] = ['active', 'suspended', 'cancelled'];

/**
 * «Tu servicio … está activo / suspendido / se canceló», queued (in the caller's transaction:
 * `{ ...deps, db: trx }`) for each contact of the account who receives «Productos» — «Dominios» for
 * a domain — each in their own language. Returns how many were queued.
 */
export async function queueServiceNotice(
  deps: AppDeps,
  account: { id: number; name: string },
  service: Pick<ServiceRecord, 'name' | 'kind' | 'status' | 'account_number'>,
): Promise<number> {
  const category = service.kind === 'domain' ? 'domain' : 'product';
  const texts = inEveryLanguage(deps.i18n, (t) => {
    const values = {
      service: service.name,
      account: account.name,
      number: service.account_number,
      url: `${deps.config.baseUrl}/services`,
      reason: t(`mail.service_status.reason_${category}`),
    };
    return {
      subject: t(`mail.service_status.subject_${service.status}`, values),
      text: t(`mail.service_status.body_${service.status}`, values),
    };
  });
  return deps.mailer.enqueueToContacts({ accountId: account.id, category, template: 'service_status', texts }, deps.db);
}
