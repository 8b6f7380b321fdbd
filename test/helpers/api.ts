import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import type { Db } from '../../src/db/knex';
import type { Actor } from '../../src/domain/actor';
import { API_SCOPES, type ApiScope } from '../../src/domain/api-scopes';

/** An integration token row for the account; returns the secret (`cta_…`) and its id. */
export async function createApiToken(
  db: Db,
  accountId: number,
  values: {
    name?: string;
    scopes?: ApiScope[];
    createdBy?: number | null;
    expiresAt?: Date | null;
    revoked?: boolean;
  } = {},
): Promise<{ token: string; id: number }> {
  const token = `cta_${randomBytes(32).toString('base64url')}`;
  const [row] = await db('api_tokens')
    .insert({
      account_id: accountId,
      name: values.name ?? `Token ${randomBytes(3).toString('hex')}`,
      scopes: values.scopes ?? [...API_SCOPES],
      token_hash: createHash('sha256').update(token).digest(),
      prefix: token.slice(0, 8),
      created_by_user_id: values.createdBy ?? null,
      expires_at: values.expiresAt ?? null,
      revoked_at: values.revoked ? db.fn.now() : null,
    })
    .returning('id');
  return { token, id: (row as { id: number }).id };
}

/** An integration token of the account, made by `createdBy`, as the actor the API hands the services. */
export async function createTokenActor(
  db: Db,
  accountId: number,
  createdBy: number,
  name = 'Facturación',
): Promise<Extract<Actor, { kind: 'token' }>> {
  const { id } = await createApiToken(db, accountId, { name, createdBy });
  const creator = await db('users').where({ id: createdBy }).first('first_name', 'last_name');
  const displayName = `${creator.first_name} ${creator.last_name}`.trim();
  return { kind: 'token', tokenId: id, tokenName: name, createdByUserId: createdBy, accountId, displayName };
}

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { responses: Record<string, unknown>; schemas: Record<string, unknown> };
};

/** The document as the app publishes it (no token). */
export async function publishedDocument(app: Express): Promise<Doc> {
  const res = await request(app).get('/api/v1/openapi.json').expect(200);
  return res.body as Doc;
}

/** Validates the document with an OpenAPI 3.1 validator (an ES module: run in its own node). */
export function openApiProblems(doc: unknown): unknown {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const result = await new Validator().validate(JSON.parse(input));
    process.stdout.write(JSON.stringify(result.valid ? null : result.errors));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(doc),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

interface Checked {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

/**
 * Checks every answer against the published document: the operation (path and method) must be
 * there, the status among its responses, the body valid against that response's schema (ajv, JSON
 * Schema 2020-12) and of the right media type. So the document cannot say less, or other, than the
 * API does.
 */
export function responseChecker(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const problemSchema = doc.components.schemas.Problem as object;
  const routes = Object.keys(doc.paths).map((p) => ({
    path: p,
    regex: new RegExp(`^/api/v1${p.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

  return function check(method: string, url: string, res: Checked): void {
    const path = url.split('?')[0];
    const route = routes.find((r) => r.regex.test(path));
    const op = route && doc.paths[route.path][method.toLowerCase()];
    if (!op) throw new Error(`${method} ${path} is not in the document`);
    const entry = op.responses[String(res.status)] as
      { $ref?: string; content?: Record<string, { schema: object }> } | undefined;
    if (!entry) throw new Error(`${method} ${path} answered ${res.status}, which the document does not list`);
    const problem = Boolean(entry.$ref);
    const type = res.headers['content-type'] ?? '';
    if (problem && !type.startsWith('application/problem+json'))
      throw new Error(`${method} ${path} ${res.status} is not problem+json: ${type}`);
    const schema = problem ? problemSchema : entry.content?.['application/json']?.schema;
    if (!schema) return;
    if (!problem && !type.startsWith('application/json')) throw new Error(`${method} ${path}: ${type}`);
    const key = `${method} ${route.path} ${res.status}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(key, validate);
    }
    if (!validate(res.body))
      throw new Error(
        `${key}: body does not match the document: ${JSON.stringify(validate.errors)}\n${JSON.stringify(res.body)}`,
      );
  };
}

/** A small client: every call is checked against the document and must answer `status`. */
export function apiClient(app: Express, doc: Doc, token?: string) {
  const check = responseChecker(doc);
  const send = async (
    method: 'get' | 'post' | 'patch' | 'put' | 'delete',
    url: string,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    let req = request(app)[method](url);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = body === undefined ? await req : await req.send(body as object);
    if (res.status !== status)
      throw new Error(`${method.toUpperCase()} ${url}: expected ${status}, got ${res.status} ${res.text}`);
    check(method, url, res);
    return res;
  };
  return {
    get: (url: string, status: number, headers?: Record<string, string>) =>
      send('get', url, status, undefined, headers),
    post: (url: string, status: number, body?: unknown, headers?: Record<string, string>) =>
      send('post', url, status, body, headers),
    patch: (url: string, status: number, body: unknown, headers?: Record<string, string>) =>
      send('patch', url, status, body, headers),
    put: (url: string, status: number, body: unknown, headers?: Record<string, string>) =>
      send('put', url, status, body, headers),
    delete: (url: string, status: number, headers?: Record<string, string>) =>
      send('delete', url, status, undefined, headers),
    check,
  };
}
