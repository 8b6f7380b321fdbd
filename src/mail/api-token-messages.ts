import type { TFunction } from 'i18next';
import type { OutgoingMail } from './outbox';

/**
 * To the account's owner when someone makes or revokes an integration token: a token acts for the
 * whole account, so its owner hears of every one (locale keys hub.integrations.mail.*).
 */
export function apiTokenMail(
  t: TFunction,
  values: {
    to: string;
    firstName: string;
    accountName: string;
    tokenName: string;
    actorName: string;
    change: 'created' | 'revoked';
    url: string;
    accountId: number;
  },
): OutgoingMail {
  const params = {
    name: values.firstName,
    account: values.accountName,
    token: values.tokenName,
    actor: values.actorName,
    url: values.url,
  };
  return {
    accountId: values.accountId,
    category: 'account',
    template: `api_token_${values.change}`,
    to: [values.to],
    subject: t(`hub.integrations.mail.${values.change}.subject`, params),
    text: t(`hub.integrations.mail.${values.change}.body`, params),
  };
}
