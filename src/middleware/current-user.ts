import type { RequestHandler } from 'express';
import type { Db } from '../db/knex';
import { loadCurrent } from '../models/memberships';
import { effectiveSections } from '../domain/permissions';
import { regenerateSession } from './session';

/**
 * Re-reads the user and membership on every request: a blocked membership, a removed user or a
 * changed password (session_version) ends the session at once, not at the next sign-in.
 */
export function loadCurrentUser(db: Db): RequestHandler {
  return async (req, _res, next) => {
    const s = req.session;
    if (!s?.userId) return next();
    // Usually read together with the session row; read afresh if the session changed since.
    const read = req.sessionRead;
    req.sessionRead = undefined;
    const row =
      read && read.current?.id === s.userId && read.accountId === (s.accountId ?? 0)
        ? read.current
        : await loadCurrent(db, s.userId, s.accountId ?? null);
    const revoked =
      !row ||
      !row.has_password ||
      row.session_version !== s.userVersion ||
      row.active_memberships === 0 ||
      (s.accountId != null && !row.membership_usable);
    if (revoked) {
      await regenerateSession(req);
      return next();
    }
    const hasAccount = row.membership_id !== null && row.account_id !== null;
    req.current = {
      id: row.id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      department: row.department,
      employeeNumber: row.employee_number,
      locale: row.locale,
      membership: hasAccount
        ? {
            id: row.membership_id!,
            role: row.role!,
            permissions: row.permissions ?? [],
            accountScope: row.account_scope ?? 'all',
            defaultApp: row.default_app,
          }
        : null,
      account: hasAccount
        ? { id: row.account_id!, kind: row.account_kind!, name: row.account_name!, realm: row.realm! }
        : null,
      sections: hasAccount
        ? effectiveSections(row.role!, row.permissions ?? [], row.enabled_sections ?? [])
        : new Set(),
      activeMemberships: row.active_memberships,
    };
    return next();
  };
}
