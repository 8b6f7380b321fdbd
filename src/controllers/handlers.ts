import type { Request, RequestHandler, Response } from 'express';
import { memberUser, signedInUser, type CurrentUser, type MemberUser } from '../current-user';

type Handler<U> = (req: Request, res: Response, current: U) => unknown;

/** A handler behind a signed-in policy: it receives the typed user. */
export function withUser(handler: Handler<CurrentUser>): RequestHandler {
  return async (req, res) => {
    await handler(req, res, signedInUser(req));
  };
}

/** A handler behind an in-account policy: it receives the user with their membership and account. */
export function withMember(handler: Handler<MemberUser>): RequestHandler {
  return async (req, res) => {
    await handler(req, res, memberUser(req));
  };
}
