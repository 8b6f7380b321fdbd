/** Failures that carry their HTTP status: a page and the API answer them the same way. */
export class NotFoundError extends Error {
  readonly status = 404;
}

export class ForbiddenError extends Error {
  readonly status = 403;
}

export class TooManyRequestsError extends Error {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests');
  }
}
