import type { Policy } from './index';

/**
 * The second step of signing in (/login/two-factor): only a visitor who is not signed in. Whether
 * the session holds a pending sign-in is the action's question; without one it sends the visitor
 * back to /login.
 */
export const signingIn: Policy = {
  name: 'signing-in',
  requiresUser: false,
  requiresAccount: false,
  allows: (current) => current === undefined,
};

/** The user's own second factor: on or off, and whether one of their roles must have it. */
export interface OwnTwoFactor {
  enabled: boolean;
  required: boolean;
}

/** What a user may do with their own second factor (Mi perfil → Verificación en dos pasos). */
export const ownTwoFactorPolicy = {
  canTurnOn: (state: OwnTwoFactor) => !state.enabled,
  /** Staff and partners (TWO_FACTOR_REQUIRED_FOR) must keep it. */
  canTurnOff: (state: OwnTwoFactor) => state.enabled && !state.required,
  canRenewCodes: (state: OwnTwoFactor) => state.enabled,
};

export type OwnTwoFactorAction = keyof typeof ownTwoFactorPolicy;
export type OwnTwoFactorActions = Record<OwnTwoFactorAction, boolean>;

/** The one answer the controller enforces (403 otherwise) and the page shows. */
export function allowedTwoFactorActions(state: OwnTwoFactor): OwnTwoFactorActions {
  return Object.fromEntries(
    (Object.keys(ownTwoFactorPolicy) as OwnTwoFactorAction[]).map((k) => [k, ownTwoFactorPolicy[k](state)]),
  ) as OwnTwoFactorActions;
}
