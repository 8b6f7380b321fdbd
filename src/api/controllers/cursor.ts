import { ApiProblem } from '../problem';

/**
 * The opaque cursors of the ledger and billing lists: a letter naming the list and the id of the
 * last row given, in base64url. A cursor of another list, or made up, is a 400.
 */
export const cursorOf = (list: string, id: number) => Buffer.from(`${list}:${id}`).toString('base64url');

export function cursorFrom(list: string, cursor: string | undefined): { after?: number } {
  if (cursor === undefined) return {};
  const m = new RegExp(`^${list}:([1-9][0-9]{0,15})$`).exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new ApiProblem(400, 'invalid_cursor', 'The cursor is not one this API gave.');
  return { after: Number(m[1]) };
}
