import type { z } from 'zod';
import { operation } from '../operation';
import { meSchema } from '../schemas/me';

/** GET /api/v1/me: the token's account and scopes (also a cheap check that a token works). */
export const meOperations = () => [
  operation({
    method: 'get',
    path: '/me',
    scope: 'any',
    operationId: 'getMe',
    summary: 'The token’s account and scopes',
    tag: 'Token',
    responses: { 200: { description: 'The token and its account.', schema: meSchema } },
    problems: [],
    handler: async ({ caller }) => {
      const body: z.infer<typeof meSchema> = {
        token: {
          id: caller.tokenId,
          name: caller.actor.kind === 'token' ? caller.actor.tokenName : '',
          scopes: caller.scopes,
        },
        account: {
          id: caller.account.id,
          kind: caller.account.kind,
          name: caller.account.name,
          realm: caller.account.realm,
        },
      };
      return { status: 200, body };
    },
  }),
];
