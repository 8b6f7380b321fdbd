import type { CurrentUser } from '../current-user';
import type { Section } from '../domain/permissions';

/**
 * Who may use a route. Every route in src/routes.ts names one; the authorize middleware runs it
 * before the action, and the route-table test fails on a route without one.
 */
export interface Policy {
  name: string;
  /** Anonymous visitors are sent to the sign-in page. */
  requiresUser: boolean;
  /** Signed-in users who have not picked an account yet are sent to pick one. */
  requiresAccount: boolean;
  allows(current: CurrentUser | undefined): boolean;
  /** False for machine endpoints that authenticate by their own token, not by a session (no CSRF). */
  csrf?: boolean;
  /** Usable before a first sign-in is complete (choosing the security questions, signing out). */
  firstSignIn?: boolean;
}

/** Anyone, signed in or not (sign-in page, health checks, password reset). */
export const publicAccess: Policy = {
  name: 'public',
  requiresUser: false,
  requiresAccount: false,
  allows: () => true,
};

/** Visitors who are not signed in (the sign-in form itself). */
export const guestOnly: Policy = {
  name: 'guest',
  requiresUser: false,
  requiresAccount: false,
  allows: (current) => current === undefined,
};

/** Any signed-in user, before or after picking an account (profile, password, switching account). */
export const signedIn: Policy = {
  name: 'signed-in',
  requiresUser: true,
  requiresAccount: false,
  allows: (current) => current !== undefined,
};

/**
 * The same users as `signedIn`, on the pages a user may reach while a first sign-in still asks for
 * their security questions: those questions, and signing out.
 */
export const signedInFirstSteps: Policy = { ...signedIn, firstSignIn: true };

/** Any signed-in user working in an account (the dashboard). */
export const inAccount: Policy = {
  name: 'in-account',
  requiresUser: true,
  requiresAccount: true,
  allows: (current) => current?.account != null,
};

/** A user who holds the section in the current account. */
export function section(key: Section): Policy {
  return {
    name: `section:${key}`,
    requiresUser: true,
    requiresAccount: true,
    allows: (current) => current?.sections.has(key) ?? false,
  };
}

/** A user who holds any of the sections in the current account (a page made of several parts). */
export function anySection(...keys: Section[]): Policy {
  return {
    name: `section:${keys.join('|')}`,
    requiresUser: true,
    requiresAccount: true,
    allows: (current) => keys.some((key) => current?.sections.has(key)),
  };
}

/** Helpdesk staff: members of the platform account. */
export const staff: Policy = {
  name: 'staff',
  requiresUser: true,
  requiresAccount: true,
  allows: (current) => current?.account?.kind === 'platform',
};

/** A mail gateway posting raw messages; the action checks its bearer token (a session plays no part). */
export const inboundToken: Policy = {
  name: 'inbound-token',
  requiresUser: false,
  requiresAccount: false,
  allows: () => true,
  csrf: false,
};
