import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { supportContactsController } from './support-contacts';

export const CLASSIFIERS = [
  'tollfree_us',
  'toll_us',
  'emergency',
  'caribbean',
  'did_us',
  'international',
  'unknown',
] as const;

/** Información de la cuenta: read-only telephony settings and credit, and the support contacts. */
export function accountInfoController(deps: AppDeps) {
  const { db } = deps;
  const supportContacts = supportContactsController(deps);
  return {
    /** GET /account — telephony (with `telephony`) and support contacts (with `support_contacts`). */
    async show(req: Request, res: Response) {
      const accountId = req.current!.account!.id;
      const support = await supportContacts.panel(req);
      if (!req.current!.sections.has('telephony'))
        return res.render('customer/account/show', { account: null, support });
      const account = await db('accounts')
        .where({ id: accountId })
        .first(
          'name',
          'realm',
          'time_zone',
          'inbound_trunks',
          'outbound_trunks',
          'twoway_trunks',
          'call_restrictions',
          'allow_prepay',
        );
      const balance = await db('credit_entries')
        .where({ account_id: accountId })
        .sum<{ sum: number | null }[]>('amount_cents as sum')
        .first();
      const entries = await db('credit_entries')
        .where({ account_id: accountId })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(10)
        .select('amount_cents', 'currency', 'note', 'created_at');
      return res.render('customer/account/show', {
        account,
        balanceCents: Number(balance?.sum ?? 0),
        entries,
        classifiers: CLASSIFIERS,
        support,
      });
    },
  };
}
