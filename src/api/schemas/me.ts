import { z } from 'zod';
import { API_SCOPES } from '../../domain/api-scopes';

export const meSchema = z.strictObject({
  token: z.strictObject({
    id: z.number().int(),
    name: z.string(),
    scopes: z.array(z.enum(API_SCOPES)),
  }),
  account: z.strictObject({
    id: z.number().int(),
    kind: z.enum(['platform', 'reseller', 'customer']),
    name: z.string(),
    realm: z.string(),
  }),
});
