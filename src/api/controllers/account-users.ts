import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { listAccountUsers } from '../../models/account-users';
import { accountSettings } from '../../models/accounts';
import { GRANTABLE } from '../../domain/permissions';
import { inviteToManagedAccount } from '../../services/accounts/users';
import { userJson } from '../../services/representations/people';
import { accountAllowing, refusal } from '../load';
import { operation } from '../operation';
import { ApiProblem, validationProblem } from '../problem';
import { idParam, inviteUserBody, managedUserSchema } from '../schemas/accounts';

const REFUSALS = {
  already_member: { email: 'errors.user.email.already_member' },
  already_invited: { email: 'errors.user.email.already_invited' },
  owner_exists: { role: 'errors.api.role.owner_exists' },
} as const;

/** GET / POST /accounts/{id}/users: its people, and the «Regístrate ahora» invitation. */
export function accountUserOperations(deps: AppDeps) {
  const usersOf = async (accountId: number) => (await listAccountUsers(deps.db, accountId, null, 'role')).map(userJson);
  return [
    operation({
      method: 'get',
      path: '/accounts/:id/users',
      scope: 'accounts:read',
      operationId: 'listAccountUsers',
      summary: 'The account’s people: owner first',
      tag: 'Users',
      params: { id: idParam },
      responses: {
        200: {
          description: 'All of them (an account has few).',
          schema: z.strictObject({ data: z.array(managedUserSchema), next_cursor: z.null() }),
        },
      },
      problems: [404],
      handler: async ({ account: found }) => {
        const account = accountAllowing(found, 'view');
        return { status: 200, body: { data: await usersOf(account.id), next_cursor: null } };
      },
    }),
    operation({
      method: 'post',
      path: '/accounts/:id/users',
      scope: 'users:write',
      operationId: 'inviteAccountUser',
      summary: 'Invite an owner, an admin or a member (with sections) by e-mail',
      tag: 'Users',
      params: { id: idParam },
      body: inviteUserBody,
      responses: { 201: { description: 'The invited person.', schema: managedUserSchema } },
      problems: [400, 404, 409, 413, 415, 422],
      handler: async ({ req, caller, account: found, body }) => {
        const account = accountAllowing(found, 'users');
        const enabled = (await accountSettings(deps.db, account.id))!.enabled_sections;
        const bad = body.sections
          .map((s, i) => [s, i] as const)
          .filter(([s]) => body.role === 'member' && (!GRANTABLE.includes(s) || !enabled.includes(s)));
        if (bad.length)
          throw validationProblem(
            bad.map(([s, i]) => ({
              field: `sections.${i}`,
              code: 'not_offered',
              message: `${s} cannot be granted here.`,
            })),
          );
        const result = await inviteToManagedAccount(
          deps,
          caller.actor,
          account,
          { ...body, permissions: body.sections },
          req.ip,
        );
        if (!result.ok) {
          if (result.error === 'closed')
            throw new ApiProblem(409, 'account_state', 'The account was closed meanwhile.');
          throw refusal(deps, REFUSALS[result.error]);
        }
        const person = (await usersOf(account.id)).find((u) => u.id === result.membershipId)!;
        return { status: 201, body: person, location: `/accounts/${account.id}/users` };
      },
    }),
  ];
}
