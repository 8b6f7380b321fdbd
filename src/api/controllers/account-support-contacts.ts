import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { partnersOf } from '../../models/partners';
import { supportContactsOf } from '../../models/support-contacts';
import { setManagedSupportContacts } from '../../services/accounts/support-contacts';
import { accountAllowing, loadAccount, refusal } from '../load';
import { operation } from '../operation';
import { validationProblem } from '../problem';
import { idParam, supportContactOut, supportContactsBody } from '../schemas/accounts';

const listSchema = z.strictObject({ data: z.array(supportContactOut), next_cursor: z.null() });

/** GET / PUT /accounts/{id}/support-contacts: who receives the account's problem reports. */
export function supportContactOperations(deps: AppDeps) {
  const list = async (accountId: number) => ({
    data: (await supportContactsOf(deps.db, accountId)).map((c) => ({
      id: c.id,
      partner_id: c.partner_user_id,
      email: c.email,
      name: c.name,
    })),
    next_cursor: null,
  });
  return [
    operation({
      method: 'get',
      path: '/accounts/:id/support-contacts',
      scope: 'accounts:read',
      operationId: 'listSupportContacts',
      summary: 'The account’s support contacts',
      tag: 'Support contacts',
      params: { id: idParam },
      responses: { 200: { description: 'All of them.', schema: listSchema } },
      problems: [404],
      handler: async ({ account: found }) => {
        const account = accountAllowing(found, 'view');
        return { status: 200, body: await list(account.id) };
      },
    }),
    operation({
      method: 'put',
      path: '/accounts/:id/support-contacts',
      scope: 'accounts:write',
      operationId: 'replaceSupportContacts',
      summary: 'Make the support contacts exactly these (partners of the parent by id, or addresses)',
      tag: 'Support contacts',
      params: { id: idParam },
      body: supportContactsBody,
      responses: { 200: { description: 'The support contacts as they are now.', schema: listSchema } },
      problems: [400, 404, 409, 413, 415, 422],
      handler: async ({ req, caller, params, body }) => {
        const account = await loadAccount(deps, caller, params.id, 'support_contacts');
        const ids = body.contacts.flatMap((c) => ('partner_id' in c ? [c.partner_id] : []));
        const partners = await partnersOf(deps.db, account.parent_id!, ids);
        const known = new Set(partners.map((p) => p.id));
        const unknown = body.contacts.flatMap((c, i) => ('partner_id' in c && !known.has(c.partner_id) ? [i] : []));
        if (unknown.length)
          throw validationProblem(
            unknown.map((i) => ({
              field: `contacts.${i}.partner_id`,
              code: 'not_found',
              message: 'Not a person of the parent account.',
            })),
          );
        const emails = [...new Set(body.contacts.flatMap((c) => ('email' in c ? [c.email] : [])))];
        const result = await setManagedSupportContacts(deps, caller.actor, account, { partners, emails }, req.ip);
        if (!result.ok) throw refusal(deps, result.errors, {}, { support_contacts: 'contacts' });
        return { status: 200, body: await list(account.id) };
      },
    }),
  ];
}
