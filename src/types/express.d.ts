import type { TFunction } from 'i18next';
import type { CurrentUser } from '../current-user';
import type { Locale } from '../i18n';
import type { ApiCaller } from '../api/auth';
import type { SessionRead } from '../models/sessions';

export interface Flash {
  kind: 'success' | 'error';
  key: string;
  /** Numbers choose a plural form (i18next `count`). */
  params?: Record<string, string | number>;
}

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** null until a user with several memberships picks one */
    accountId: number | null;
    userVersion: number;
    createdAt: number;
    lastSeenAt: number;
    /** The browser and address that signed in (src/middleware/sign-in-session.ts). */
    userAgent: string;
    ip: string;
    flash: Flash;
    /** Set by signing in: the next GET / may take the user to their default app (once). */
    landing: boolean;
    /** Signed in without security questions yet: nothing else until they are chosen. */
    choosingQuestions: boolean;
    /** A token just made in Integraciones, shown once on its page and then forgotten. */
    newApiToken: { id: number; token: string };
    /** A webhook's signing secret just made or rotated, shown once on its page and then forgotten. */
    newWebhookSecret: { id: number; secret: string };
    /**
     * The password generated for a new account's owner, shown once on the account's password page
     * (then `password` is null: the page says it was shown).
     */
    newAccountPassword: { accountId: number; password: string | null };
    /** «Reenviar invitación» could not send: the user's page shows the address typed and why, once. */
    resendFailed: { membershipId: number; email: string };
  }
}

declare global {
  namespace Express {
    interface Request {
      /** This request's id, sent as `X-Request-Id` and written in its log lines (middleware/request-log.ts). */
      id: string;
      current?: CurrentUser;
      /** The user and membership read together with the session row (middleware/session.ts). */
      sessionRead?: SessionRead;
      t: TFunction;
      locale: Locale;
      /** Below /api: the bearer token and the account it acts for (src/api/auth.ts). */
      apiCaller?: ApiCaller;
    }
  }
}
