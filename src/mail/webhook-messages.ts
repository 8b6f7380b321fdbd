import type { TFunction } from 'i18next';
import type { OutgoingMail } from './outbox';

/**
 * To an account's owner and admins when a webhook is disabled: its endpoint answered 410 Gone, or
 * it kept failing for three days. Says why and what the last answer was, so a hook is never
 * "silently disabled" (locale keys hub.webhooks.mail.disabled_*).
 */
export function webhookDisabledMail(
  t: TFunction,
  values: {
    to: string;
    firstName: string;
    accountName: string;
    url: string;
    reason: 'gone' | 'failing';
    lastError: string;
    pageUrl: string;
    accountId: number;
  },
): OutgoingMail {
  const params = {
    name: values.firstName,
    account: values.accountName,
    url: values.url,
    error: values.lastError,
    page: values.pageUrl,
  };
  return {
    accountId: values.accountId,
    category: 'account',
    template: `webhook_disabled_${values.reason}`,
    to: [values.to],
    subject: t('hub.webhooks.mail.disabled_subject', params),
    text: t(`hub.webhooks.mail.disabled_${values.reason}`, params),
  };
}
