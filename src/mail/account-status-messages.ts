import type { TFunction } from 'i18next';
import type { OutgoingMail } from './outbox';

/** What happened to the account, as its owner is told (locale keys manager.mail.account_<status>.*). */
export type AccountStatusChange = 'suspended' | 'reactivated' | 'closed';

/**
 * To an account's owner when the parent suspends, reactivates or closes it: they cannot sign in
 * while it is suspended, so the page cannot tell them; the e-mail does.
 */
export function accountStatusMail(
  t: TFunction,
  values: {
    to: string;
    firstName: string;
    accountName: string;
    parentName: string;
    change: AccountStatusChange;
    url: string;
    accountId: number;
  },
): OutgoingMail {
  const params = { name: values.firstName, account: values.accountName, parent: values.parentName, url: values.url };
  return {
    accountId: values.accountId,
    category: 'account',
    template: `account_${values.change}`,
    to: [values.to],
    subject: t(`manager.mail.account_${values.change}.subject`, params),
    text: t(`manager.mail.account_${values.change}.body`, params),
  };
}
