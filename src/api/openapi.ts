import { z } from 'zod';
import type { ApiOperation } from './operation';
import { EVENT_COMPONENTS } from './schemas/events';

/** JSON Schema 2020-12 of a zod schema, as OpenAPI 3.1 embeds it. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete out.$schema;
  return out;
}

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'The problem, for programs: also the last part of `type`.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: {
          field: { type: 'string', description: 'Path in the request body, e.g. `admin.email`.' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: true,
};

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed request: invalid JSON, or a missing or invalid Idempotency-Key.',
  401: 'No token, or an unknown, revoked or expired one (`WWW-Authenticate: Bearer error="invalid_token"`).',
  403: 'The token lacks the scope (`insufficient_scope`), or the action is not allowed on this account.',
  404: 'Not found, or not below the token’s account.',
  409: 'The account is in a state that does not allow this, or a request with the same key is still running.',
  413: 'Body over 1 MB.',
  415: 'Body not sent as `application/json`.',
  422: 'Invalid fields (all listed in `errors`), a rule of the account refused it, or the Idempotency-Key was reused with another body.',
  429: 'Over the token’s requests per minute; see `Retry-After`.',
};

/** Every operation may answer these; the operation adds its own. */
const COMMON_PROBLEMS = [401, 403, 429];

const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

function parameters(op: ApiOperation): unknown[] {
  const out: unknown[] = [];
  for (const [name, schema] of Object.entries(op.params ?? {}))
    out.push({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') });
  if (op.query instanceof z.ZodObject) {
    for (const [name, schema] of Object.entries(op.query.shape)) {
      const s = jsonSchema(schema, 'input');
      out.push({
        name,
        in: 'query',
        required: !schema.safeParse(undefined).success,
        description: typeof s.description === 'string' ? s.description : undefined,
        schema: s,
      });
    }
  }
  if (op.idempotencyKey)
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'Any string of up to 200 characters. The same key with the same body answers the first response again (`Idempotent-Replayed: true`) for 24 hours.',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  return out;
}

/** The OpenAPI 3.1 document of the operations, generated from their schemas. */
export function openApiDocument(operations: readonly ApiOperation[], serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const responses: Record<string, unknown> = {};
    for (const [status, doc] of Object.entries(op.responses))
      responses[status] = {
        description: doc.description,
        ...(doc.schema ? { content: { 'application/json': { schema: jsonSchema(doc.schema, 'output') } } } : {}),
      };
    const problems = op.scope ? [...new Set([...COMMON_PROBLEMS, ...op.problems])] : op.problems;
    for (const status of problems.sort())
      responses[String(status)] = { $ref: `#/components/responses/Problem${status}` };
    const params = parameters(op);
    paths[openApiPath(op.path)] ??= {};
    paths[openApiPath(op.path)][op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      security: op.scope === null ? [] : [{ bearer: op.scope === 'any' ? [] : [op.scope] }],
      ...(params.length ? { parameters: params } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cuentas API',
      version: '1.0.0',
      description:
        'Provisioning and account care for resellers and the platform. Every error is application/problem+json (RFC 9457). See docs/api.md.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A token made in «Integraciones» (`cta_…`); each operation names the scope it needs.',
        },
      },
      schemas: {
        Problem: PROBLEM_SCHEMA,
        // What webhook deliveries carry (docs/webhooks.md), for the records without a GET of their own.
        ...Object.fromEntries(
          Object.entries(EVENT_COMPONENTS).map(([name, schema]) => [name, jsonSchema(schema, 'output')]),
        ),
      },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_TEXT).map(([status, description]) => [
          `Problem${status}`,
          {
            description,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
  };
}
