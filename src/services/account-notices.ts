import type { AppDeps } from '../app-deps';
import { accountNoticeMail, type AccountNotice } from '../mail/account-notice-messages';
import { recipientsIn } from './mail-language';

export type { AccountNotice } from '../mail/account-notice-messages';

const normal = (email: string) => email.trim().toLowerCase();

/**
 * «Generales» (seed 001): a notice about the account, queued (in the caller's transaction:
 * `{ ...deps, db: trx }`) for each contact of the account who chose general mail, one message each,
 * in their own language. `except` are the addresses that already receive a message of their own
 * about the same change (the owner told of a suspension, the new user themselves): they get no
 * second one. Returns how many were queued.
 */
export async function queueAccountNotice(
  deps: AppDeps,
  account: { id: number; name: string },
  notice: AccountNotice,
  except: readonly string[] = [],
): Promise<number> {
  const skip = new Set(except.map(normal));
  const recipients = (await recipientsIn(deps.db, account.id, 'general')).filter(({ email }) => {
    if (skip.has(normal(email))) return false;
    skip.add(normal(email));
    return true;
  });
  await deps.mailer.enqueueAll(
    recipients.map(({ email, locale }) =>
      accountNoticeMail(
        deps.i18n.getFixedT(locale),
        locale,
        { to: email, accountId: account.id, accountName: account.name, url: `${deps.config.baseUrl}/login` },
        notice,
      ),
    ),
    deps.db,
  );
  return recipients.length;
}
