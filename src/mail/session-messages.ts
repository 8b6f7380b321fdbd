import type { TFunction } from 'i18next';
import type { DeviceDescription } from '../domain/user-agent';
import { formatDateTime } from '../formatters';
import type { Locale } from '../i18n';
import { accountMail } from './messages';
import type { OutgoingMail } from './outbox';

type Person = { email: string; firstName: string };

/** A browser and system in words: «Firefox 128 en Windows 10», or «un navegador desconocido». */
export function deviceName(t: TFunction, device: DeviceDescription): string {
  if (device.browser && device.os) return t('customer.sessions.device', { browser: device.browser, os: device.os });
  return device.browser || device.os || t('customer.sessions.unknown_device');
}

/** A sign-in from a browser the user had not used before. */
export function newDeviceMail(
  t: TFunction,
  to: Person,
  values: { device: DeviceDescription; ip: string; at: Date; locale: Locale; baseUrl: string },
): OutgoingMail {
  return accountMail('new_device', t, to.email, {
    name: to.firstName,
    device: deviceName(t, values.device),
    ip: values.ip || '—',
    when: formatDateTime(values.locale, values.at),
    url: `${values.baseUrl}/profile/sessions`,
  });
}

/** A manager of the account ended the user's sessions. */
export function sessionsEndedMail(
  t: TFunction,
  to: Person,
  values: { managerName: string; accountName: string; accountId: number; count: number; baseUrl: string },
): OutgoingMail {
  const params = { name: to.firstName, manager: values.managerName, account: values.accountName, count: values.count };
  return {
    accountId: values.accountId,
    category: 'account',
    template: 'sessions_ended',
    to: [to.email],
    subject: t('mail.sessions_ended.subject', params),
    text: t('mail.sessions_ended.body', { ...params, url: `${values.baseUrl}/login` }),
  };
}
