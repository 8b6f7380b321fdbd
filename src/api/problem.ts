import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/knex';

/**
 * RFC 9457 problem details: every error the API answers is one of these, as
 * `application/problem+json`, never HTML. `code` is the stable, machine-readable name of the
 * problem (also the last part of `type`); `errors` lists every field that was refused, by its
 * path in the request body (`admin.email`, `trunks.inbound`).
 */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldProblem[];
  /** Extension members, e.g. the trunks still available when the pool refused. */
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problemType = (code: string) => `https://cuentas.example/problems/${code}`;

/** Thrown (or passed to next) anywhere below /api: the error handler answers it as problem+json. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly extra: {
      errors?: FieldProblem[];
      headers?: Record<string, string>;
      members?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
  }

  body(): ProblemBody {
    return {
      type: problemType(this.code),
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      ...(this.extra.members ?? {}),
    };
  }
}

export const notFoundProblem = () => new ApiProblem(404, 'not_found', 'No such resource.');

export const validationProblem = (errors: FieldProblem[]) =>
  new ApiProblem(422, 'validation_failed', 'The request body has invalid fields; see errors.', { errors });

export function sendProblem(res: Response, problem: ApiProblem): void {
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.set(name, value);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.body()));
}

/** Body-parser errors (malformed JSON, too large, wrong charset) as problems. */
function fromParser(err: unknown): ApiProblem | null {
  const type = (err as { type?: unknown })?.type;
  if (type === 'entity.parse.failed')
    return new ApiProblem(400, 'malformed_json', 'The request body is not valid JSON.');
  if (type === 'entity.too.large')
    return new ApiProblem(413, 'body_too_large', 'The request body is larger than 1 MB.');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return new ApiProblem(415, 'unsupported_media_type', 'Send the body as UTF-8 JSON.');
  return null;
}

/** The API's catch-all: a path under /api that no operation matches. */
export const apiNotFound: RequestHandler = (_req, _res, next) => next(notFoundProblem());

/** The API's one error handler: problems as they are; anything else a 503 or a 500 problem, logged. */
export function apiErrorHandler(logger: Logger): ErrorRequestHandler {
  // Express knows an error handler by its four parameters.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  return (err, req, res, _next) => {
    if (res.headersSent) {
      logger.warn({ err, reqId: req.id }, 'error after the response had started');
      if (!res.writableEnded) res.end();
      return;
    }
    let problem = err instanceof ApiProblem ? err : fromParser(err);
    if (!problem && isDatabaseUnavailable(err)) {
      logger.warn({ err, reqId: req.id }, 'database unavailable');
      problem = new ApiProblem(503, 'unavailable', 'The service is briefly unavailable; try again.', {
        headers: { 'Retry-After': '5' },
      });
    }
    if (!problem) {
      logger.error({ err, reqId: req.id }, 'api request failed');
      problem = new ApiProblem(500, 'internal_error', 'Something went wrong on our side; it has been logged.');
    }
    sendProblem(res, problem);
  };
}
