import type { TFunction } from 'i18next';
import { accountMail } from './messages';
import type { OutgoingMail } from './outbox';

type Person = { email: string; firstName: string };

/** Two-factor sign-in turned on, by the user. */
export function twoFactorEnabledMail(t: TFunction, to: Person, baseUrl: string): OutgoingMail {
  return accountMail('two_factor_enabled', t, to.email, { name: to.firstName, url: `${baseUrl}/profile/two-factor` });
}

/** Two-factor sign-in turned off, by the user. */
export function twoFactorDisabledMail(t: TFunction, to: Person, baseUrl: string): OutgoingMail {
  return accountMail('two_factor_disabled', t, to.email, { name: to.firstName, url: `${baseUrl}/login` });
}

/** A manager of the account removed the user's second factor. */
export function twoFactorResetMail(
  t: TFunction,
  to: Person,
  values: { managerName: string; accountName: string; accountId: number; baseUrl: string },
): OutgoingMail {
  return accountMail(
    'two_factor_reset',
    t,
    to.email,
    { name: to.firstName, manager: values.managerName, account: values.accountName, url: `${values.baseUrl}/login` },
    values.accountId,
  );
}
