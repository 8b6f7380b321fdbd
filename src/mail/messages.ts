import type { TFunction } from 'i18next';
import { formatList } from '../formatters';
import type { Locale } from '../i18n';
import { SECTIONS, type Role } from '../domain/permissions';
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

/** What the invitee will be able to do, in a sentence: a member's sections by name, never «administrar». */
export interface InvitedAccess {
  role: Role;
  /** A member's sections (ignored for the owner and admins, who hold every section). */
  sections: readonly string[];
}

function accessSentence(t: TFunction, locale: Locale, access: InvitedAccess): string {
  if (access.role !== 'member') return t(`mail.invitation_access.${access.role}`);
  const sections = SECTIONS.filter((s) => access.sections.includes(s));
  if (!sections.length) return t('mail.invitation_access.none');
  return t('mail.invitation_access.member', {
    sections: formatList(
      locale,
      sections.map((s) => t(`sections.${s}.label`)),
    ),
  });
}

/**
 * "Regístrate ahora" for a new person, "ingresa con tu ID" for one who already has a login — under
 * one subject, so the inviter's «Correos enviados» does not tell them whether the address has a login.
 */
export function invitationMail(
  t: TFunction,
  values: {
    to: string;
    locale: Locale;
    firstName: string;
    accountName: string;
    inviterName: string;
    url: string;
    existingUser: boolean;
    accountId: number;
    access: InvitedAccess;
  },
): OutgoingMail {
  const template = values.existingUser ? 'invitation_existing' : 'invitation';
  return accountMail(
    template,
    t,
    values.to,
    {
      name: values.firstName,
      account: values.accountName,
      inviter: values.inviterName,
      url: values.url,
      access: accessSentence(t, values.locale, values.access),
    },
    values.accountId,
  );
}

/**
 * The link to set a new password. Asked for by the person themselves («Si no lo pediste…»), or
 * started by an owner or admin of one of their accounts, who is then named.
 */
export function passwordResetMail(
  t: TFunction,
  to: Person,
  url: string,
  startedBy?: { name: string; accountName: string },
): OutgoingMail {
  const params = { name: to.firstName, url };
  if (!startedBy) return accountMail('password_reset', t, to.email, params);
  return {
    ...accountMail('password_reset_by_manager', t, to.email, {
      ...params,
      manager: startedBy.name,
      account: startedBy.accountName,
    }),
    // The same message as far as the history goes: a link to set a new password.
    template: 'password_reset',
  };
}

export function securityQuestionsChangedMail(t: TFunction, to: Person, baseUrl: string): OutgoingMail {
  return accountMail('security_questions_changed', t, to.email, { name: to.firstName, url: `${baseUrl}/login` });
}

/** Sent to the old address when a user's e-mail changes. */
export function emailChangedMail(t: TFunction, to: Person, newEmail: string): OutgoingMail {
  return accountMail('email_changed', t, to.email, { name: to.firstName, email: newEmail });
}

/** Too many wrong security answers: the questions path is locked for a while; the password is untouched. */
export function questionsLockedMail(t: TFunction, to: Person, baseUrl: string): OutgoingMail {
  return accountMail('questions_locked', t, to.email, { name: to.firstName, url: `${baseUrl}/password/forgot` });
}
