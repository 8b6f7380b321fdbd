import type { TFunction } from 'i18next';
import type { OutgoingMail } from './outbox';

/** The texts of the account-access e-mails, in the recipient's language (locale keys mail.<template>.*). */
type Person = { email: string; firstName: string };

/** A message about the recipient's own login (category 'account'), texts under mail.<template>. */
export function accountMail(
  template: string,
  t: TFunction,
  to: string,
  params: Record<string, string>,
  accountId: number | null = null,
): OutgoingMail {
  return {
    accountId,
    category: 'account',
    template,
    to: [to],
    subject: t(`mail.${template}.subject`, params),
    text: t(`mail.${template}.body`, params),
  };
}

export function passwordChangedMail(t: TFunction, to: Person, baseUrl: string): OutgoingMail {
  return accountMail('password_changed', t, to.email, { name: to.firstName, url: `${baseUrl}/login` });
}

/** "Regístrate ahora" for a new person, "ingresa con tu ID" for one who already has a login. */
export function invitationMail(
  t: TFunction,
  values: {
    to: string;
    firstName: string;
    accountName: string;
    inviterName: string;
    url: string;
    existingUser: boolean;
    accountId: number;
  },
): OutgoingMail {
  const template = values.existingUser ? 'invitation_existing' : 'invitation';
  return accountMail(
    template,
    t,
    values.to,
    { name: values.firstName, account: values.accountName, inviter: values.inviterName, url: values.url },
    values.accountId,
  );
}

export function passwordResetMail(t: TFunction, to: Person, url: string): OutgoingMail {
  return accountMail('password_reset', t, to.email, { name: to.firstName, url });
}

export function securityQuestionsChangedMail(t: TFunction, to: Person, baseUrl: string): OutgoingMail {
  return accountMail('security_questions_changed', t, to.email, { name: to.firstName, url: `${baseUrl}/login` });
}

/** Sent to the old address when a user's e-mail changes. */
export function emailChangedMail(t: TFunction, to: Person, newEmail: string): OutgoingMail {
  return accountMail('email_changed', t, to.email, { name: to.firstName, email: newEmail });
}
