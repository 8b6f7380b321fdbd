import type { Request, Response } from 'express';
import { type z } from 'zod';
import type { ApiScope } from '../domain/api-scopes';
import type { ManagedAccount } from '../models/accounts';
import type { ApiCaller } from './auth';
import type { KeepAnswer } from './idempotency';
import { validationProblem, type FieldProblem } from './problem';

/** What a controller answers: the framework sends it (and keeps it for an Idempotency-Key replay). */
export interface ApiReply {
  status: number;
  body: unknown;
  /** The new resource's path (sent as Location with a 201). */
  location?: string;
}

export interface ApiContext<B, Q> {
  req: Request;
  res: Response;
  caller: ApiCaller;
  params: Record<string, string>;
  /** The account an /accounts/{id}/… path names, loaded (below the token's account) before the body was read. */
  account?: ManagedAccount;
  body: B;
  query: Q;
  /**
   * Under an Idempotency-Key: stores the answer in the write's own transaction (call it last, inside
   * it, and return the same reply), so the answer commits with the write. Absent without a key.
   */
  keep?: KeepAnswer;
}

/** The documented answer of an operation with this status. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
}

/**
 * One API operation: its row in the table (method, path, scope) and its documentation, made from
 * the same zod schemas that parse its query and body, so the OpenAPI document cannot drift from
 * what the server accepts and answers.
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express-style (`/accounts/:id`); the document writes `{id}`. */
  path: string;
  /** The scope the token needs; `any`: any valid token; null: no token at all (the document itself). */
  scope: ApiScope | 'any' | null;
  operationId: string;
  summary: string;
  tag: string;
  params?: Record<string, z.ZodType>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Writes that must carry an Idempotency-Key (400 without one). */
  idempotencyKey?: 'required';
  responses: Record<number, ResponseDoc>;
  /** The problem statuses this operation may answer besides the ones every operation may. */
  problems: number[];
  run(
    req: Request,
    res: Response,
    caller: ApiCaller | null,
    account?: ManagedAccount,
    keep?: KeepAnswer,
  ): Promise<ApiReply>;
}

interface OperationDef<B, Q> extends Omit<ApiOperation, 'run' | 'body' | 'query'> {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  handler: (ctx: ApiContext<B, Q>) => Promise<ApiReply>;
}

const CODES: Record<string, string> = {
  invalid_type: 'invalid_type',
  too_big: 'too_large',
  too_small: 'too_small',
  invalid_format: 'invalid_format',
  invalid_value: 'invalid_value',
  unrecognized_keys: 'unknown_field',
  invalid_union: 'invalid_value',
  not_multiple_of: 'invalid_value',
};

/** Every refused field at once, by its path in the body (`admin.email`, `restrictions.toll_us`). */
export function fieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ field: [path, key].filter(Boolean).join('.'), code: 'unknown_field', message: 'Unknown field.' });
      continue;
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    const custom = issue.code === 'custom' ? (issue.params as { code?: string } | undefined)?.code : undefined;
    out.push({
      field: path || 'body',
      code: missing ? 'required' : (custom ?? CODES[issue.code] ?? 'invalid'),
      message: missing ? 'Required.' : issue.message,
    });
  }
  return out;
}

function parsed<T>(schema: z.ZodType<T> | undefined, value: unknown, prefix: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(fieldProblems(result.error, prefix));
  return result.data;
}

/** Defines an operation; its handler receives the query and body already parsed by its schemas. */
export function operation<B = undefined, Q = undefined>(def: OperationDef<B, Q>): ApiOperation {
  const { handler, ...doc } = def;
  return {
    ...doc,
    async run(req, res, caller, account, keep) {
      const query = parsed(def.query, { ...req.query }, 'query');
      const body = parsed(def.body, req.body, '');
      const params = req.params as Record<string, string>;
      return handler({ req, res, caller: caller!, params, account, body, query, keep });
    },
  };
}
