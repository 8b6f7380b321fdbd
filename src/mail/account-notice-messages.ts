import type { TFunction } from 'i18next';
import { formatList } from '../formatters';
import type { Locale } from '../i18n';
import { SECTIONS } from '../domain/permissions';
import type { OutgoingMail } from './outbox';

/**
 * What happened to the account, as its «Generales» contacts are told (locale keys
 * mail.account_notice.<kind>.*): its parent suspended, reactivated or closed it, or changed its
 * sections or trunks; or a new user joined it.
 */
export type AccountNotice =
  | { kind: 'suspended' | 'reactivated' | 'closed'; parent: string }
  | {
      kind: 'settings';
      parent: string;
      /** The sections enabled now, when they changed. */
      sections: readonly string[] | null;
      /** The trunks (a reseller's pool) the account holds now, when they changed. */
      trunks: { inbound: number; outbound: number; twoway: number } | null;
    }
  | { kind: 'user_added'; name: string; email: string };

const TRUNK_ORDER = ['inbound', 'outbound', 'twoway'] as const;

/** What changed, a line each: the sections enabled now, then each kind of trunk. */
function changeLines(t: TFunction, locale: Locale, notice: Extract<AccountNotice, { kind: 'settings' }>): string {
  const lines: string[] = [];
  if (notice.sections) {
    const names = SECTIONS.filter((s) => notice.sections!.includes(s)).map((s) => t(`sections.${s}.label`));
    lines.push(
      t('mail.account_notice.settings.sections', {
        sections: names.length ? formatList(locale, names) : t('mail.account_notice.settings.no_sections'),
      }),
    );
  }
  if (notice.trunks)
    for (const kind of TRUNK_ORDER) lines.push(`${t(`manager.trunks.${kind}`)}: ${notice.trunks[kind]}`);
  return lines.join('\n');
}

/** One notice to one «Generales» contact, in their language. */
export function accountNoticeMail(
  t: TFunction,
  locale: Locale,
  values: { to: string; accountId: number; accountName: string; url: string },
  notice: AccountNotice,
): OutgoingMail {
  const params: Record<string, string> = {
    account: values.accountName,
    url: values.url,
    reason: t('mail.account_notice.reason', { account: values.accountName }),
  };
  if (notice.kind === 'user_added') Object.assign(params, { name: notice.name, email: notice.email });
  else params.parent = notice.parent;
  if (notice.kind === 'settings') params.changes = changeLines(t, locale, notice);
  return {
    accountId: values.accountId,
    category: 'general',
    template: `account_notice_${notice.kind}`,
    to: [values.to],
    subject: t(`mail.account_notice.${notice.kind}.subject`, params),
    text: t(`mail.account_notice.${notice.kind}.body`, params),
  };
}
