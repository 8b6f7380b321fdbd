import type { TFunction } from 'i18next';
import type { OutgoingMail } from './outbox';

/**
 * To the first admin of an account a parent created with a password: where to sign in. Never the
 * password itself: the person who created the account hands it over.
 */
export function accountReadyMail(
  t: TFunction,
  values: { to: string; firstName: string; accountName: string; creatorName: string; url: string; accountId: number },
): OutgoingMail {
  const params = {
    name: values.firstName,
    account: values.accountName,
    creator: values.creatorName,
    email: values.to,
    url: values.url,
  };
  return {
    accountId: values.accountId,
    category: 'account',
    template: 'account_ready',
    to: [values.to],
    subject: t('manager.mail.account_ready.subject', params),
    text: t('manager.mail.account_ready.body', params),
  };
}
