import type { TFunction } from 'i18next';
import type { OutgoingMail } from './outbox';

/** The texts of the account-access e-mails, in the recipient's language (locale keys mail.<template>.*). */
export function passwordChangedMail(t: TFunction, to: { email: string; firstName: string }, baseUrl: string): OutgoingMail {
  return {
    category: 'account',
    template: 'password_changed',
    to: [to.email],
    subject: t('mail.password_changed.subject'),
    text: t('mail.password_changed.body', { name: to.firstName, url: `${baseUrl}/login` }),
  };
}
