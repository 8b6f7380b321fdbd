import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { openApiDocument } from '../openapi';
import { operation, type ApiOperation } from '../operation';

/** GET /api/v1/openapi.json: the document, without a token (built at the first request, then kept). */
export const openApiOperations = (deps: AppDeps, all: readonly ApiOperation[]) => {
  let doc: Record<string, unknown> | undefined;
  return [
    operation({
      method: 'get',
      path: '/openapi.json',
      scope: null,
      operationId: 'getOpenApi',
      summary: 'This document (OpenAPI 3.1)',
      tag: 'Document',
      responses: { 200: { description: 'The OpenAPI 3.1 document.', schema: z.looseObject({ openapi: z.string() }) } },
      problems: [],
      handler: async () => {
        doc ??= openApiDocument(all, deps.config.baseUrl);
        return { status: 200, body: doc };
      },
    }),
  ];
};
