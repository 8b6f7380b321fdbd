import type { RequestHandler } from 'express';
import type { Policy } from '../policies';

/** One row of the route table: method, path, action, policy — nothing else. */
export interface Route {
  method: 'get' | 'post';
  path: string;
  action: RequestHandler;
  policy: Policy;
  /** Reads a multipart body (a form with files) after the policy and before the CSRF check. */
  upload?: RequestHandler;
}

/** Paths the app serves for GET, for menus (they never link to what is not there). */
export type Served = (path: string) => boolean;
