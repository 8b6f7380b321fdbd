import type { AppDeps } from '../../app-deps';
import { formatDecimal, parseDecimal } from '../../domain/money';
import { balanceOf, ledgerPage, type LedgerEntry } from '../../models/credit';
import { adjustCredit } from '../../services/accounts/credit';
import { ledgerEntryRepresentation } from '../../services/representations/billing';
import { accountAllowing, refusal } from '../load';
import { operation } from '../operation';
import { idParam } from '../schemas/accounts';
import { ledgerEntrySchema, ledgerPageSchema, ledgerPostBody, listQuery } from '../schemas/billing';
import { ApiProblem } from '../problem';
import { cursorFrom, cursorOf } from './cursor';
import type { z } from 'zod';

/** An entry as the API shows it (the same object its webhook event carries). */
const entryJson = (e: LedgerEntry): z.infer<typeof ledgerEntrySchema> => ledgerEntryRepresentation(e);

/** The credit ledger of an account below the token's: GET (balance and entries) and POST (one movement). */
export function ledgerOperations(deps: AppDeps) {
  return [
    operation({
      method: 'get',
      path: '/accounts/:id/ledger',
      scope: 'accounts:read',
      operationId: 'listLedger',
      summary: 'The account’s credit balance and ledger entries, newest first',
      tag: 'Credit',
      params: { id: idParam },
      query: listQuery,
      responses: { 200: { description: 'The balance and a page of entries.', schema: ledgerPageSchema } },
      problems: [400, 404, 422],
      handler: async ({ account: found, query }) => {
        const account = accountAllowing(found, 'view');
        const page = await ledgerPage(deps.db, account.id, cursorFrom('l', query.cursor), query.limit);
        const body: z.infer<typeof ledgerPageSchema> = {
          balance: formatDecimal(await balanceOf(deps.db, account.id)),
          data: page.rows.map(entryJson),
          next_cursor: page.next === null ? null : cursorOf('l', page.next),
        };
        return { status: 200, body };
      },
    }),
    operation({
      method: 'post',
      path: '/accounts/:id/ledger',
      scope: 'credit:write',
      operationId: 'postLedgerEntry',
      summary: 'Add or remove credit; a `reference` already in the ledger answers its entry again',
      tag: 'Credit',
      params: { id: idParam },
      body: ledgerPostBody,
      responses: {
        201: { description: 'The entry was recorded.', schema: ledgerEntrySchema },
        200: {
          description: 'An entry with this `reference` was already recorded: that entry.',
          schema: ledgerEntrySchema,
        },
      },
      problems: [400, 404, 409, 413, 415, 422],
      handler: async ({ req, caller, account: found, body }) => {
        const account = accountAllowing(found, 'credit');
        const result = await adjustCredit(
          deps,
          caller.actor,
          account,
          {
            direction: body.direction,
            amount_cents: parseDecimal(body.amount)!,
            note: body.note,
            reference: body.reference ?? null,
          },
          { ip: req.ip },
        );
        if (!result.ok && 'closed' in result)
          throw new ApiProblem(409, 'account_state', 'Not possible while the account is closed.');
        if (!result.ok) throw refusal(deps, result.errors, { available: formatDecimal(result.availableCents) });
        return { status: result.created ? 201 : 200, body: entryJson(result.entry) };
      },
    }),
  ];
}
