import type { Request, Response } from 'express';
import type { AppDeps } from '../../app-deps';
import { NotFoundError } from '../../middleware/errors';
import { activityPage } from '../../models/activity';
import { lookUpAccounts } from '../../models/helpdesk';
import { positiveId } from '../params';

/** Looking up accounts by name, realm, account number or any contact's e-mail, and their contacts' status. */
export function staffAccountsController({ db }: AppDeps) {
  return {
    /** GET /staff/accounts?q= */
    async index(req: Request, res: Response) {
      const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 254) : '';
      res.render('staff/accounts/index', { q, accounts: q ? await lookUpAccounts(db, q) : null });
    },

    /** GET /staff/accounts/:id */
    async show(req: Request, res: Response) {
      const id = positiveId(req.params.id);
      if (id === null) throw new NotFoundError();
      const account = await db('accounts as a')
        .leftJoin('accounts as p', 'p.id', 'a.parent_id')
        .where('a.id', id)
        .first('a.*', 'p.name as parent_name');
      if (!account) throw new NotFoundError();
      const contacts = await db('contacts as c')
        .leftJoin('users as v', 'v.id', 'c.validated_by_user_id')
        .where('c.account_id', id)
        .orderByRaw("CASE c.authorization_status WHEN 'unverified' THEN 0 WHEN 'rejected' THEN 1 ELSE 2 END")
        .orderBy(['c.last_name', 'c.first_name'])
        .limit(200)
        .select(
          'c.id',
          'c.first_name',
          'c.last_name',
          'c.email',
          'c.authorization_status',
          'c.validation_note',
          'c.validated_at',
          'v.first_name as validated_by',
        );
      const numbers = await db('account_numbers').where({ account_id: id }).orderBy('number').pluck('number');
      const tickets = await db('tickets')
        .where({ account_id: id })
        .whereNot('status', 'closed')
        .orderBy('last_reply_at', 'desc')
        .limit(20)
        .select('number', 'subject', 'status');
      const activity = await activityPage(db, id, null, true, 20);
      res.render('staff/accounts/show', { account, contacts, numbers, tickets, events: activity.rows });
    },
  };
}
