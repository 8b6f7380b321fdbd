/** Failures that carry their HTTP status: a page and the API answer them the same way. */
export class NotFoundError extends Error {
  readonly status = 404;
}

/** A request the server cannot read (a cut-off or boundary-less multipart body): the 400 page. */
export class BadRequestError extends Error {
  readonly status = 400;
}

export class ForbiddenError extends Error {
  readonly status = 403;
}

/** Too much work queued to answer in time (a sign-in storm): the 503 page, try again in a moment. */
export class ServiceBusyError extends Error {
  readonly status = 503;
  constructor() {
    super('busy: too many computations waiting');
  }
}

export class TooManyRequestsError extends Error {
  readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super('too many requests');
  }
}
