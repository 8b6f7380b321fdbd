/**
 * A sign-in that has passed the password (or an invitation) and waits for the second factor. It
 * is kept apart from `userId`, which alone makes a session signed in (src/middleware/current-user.ts):
 * until the second step, the session passes no policy that needs a user.
 */
export interface PendingSignIn {
  userId: number;
  accountId: number | null;
  userVersion: number;
  /** How the first step was made, for the audit log ('password', 'invitation'). */
  via: string;
  startedAt: number;
}

/** Time to type the code (or set up the app) before the password must be typed again. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;

/** Who the session now belongs to, once every step of signing in is done. */
export interface SignedIn {
  userId: number;
  accountId: number | null;
  userVersion: number;
  /** A login without security questions yet chooses them before anything else. */
  choosingQuestions: boolean;
}

/**
 * What the sign-in services may do to the browser's session, and nothing more: the web layer
 * (src/middleware/sign-in-session.ts) implements it on express-session, so the services never see
 * a request. Every change gets a new session id (no fixation) and is saved before the redirect.
 */
export interface SignInSession {
  /** The client's address, for the audit log and the lockout. */
  readonly ip: string | undefined;
  /** The browser's User-Agent header, kept with the signed-in session («Sesiones y dispositivos»). */
  readonly userAgent: string | undefined;
  start(signedIn: SignedIn): Promise<void>;
  hold(pending: PendingSignIn): Promise<void>;
  /** The pending sign-in, unless it has expired. */
  pending(): PendingSignIn | null;
  dropPending(): Promise<void>;
  switchAccount(accountId: number): Promise<void>;
  end(): Promise<void>;
}
