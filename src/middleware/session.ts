import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type pg from 'pg';
import type { Config } from '../config';
import { ABSOLUTE_TIMEOUT_MS, ACTIVITY_REFRESH_MS, IDLE_TIMEOUT_MS } from '../domain/session-limits';
import { readSession, type SessionRead } from '../models/sessions';

const READ = Symbol('session read with its user');
type StoredSession = session.SessionData & { [READ]?: SessionRead };

/**
 * connect-pg-simple, reading the session row and the signed-in user in one round trip
 * (models/sessions.ts). The row reaches the request through createSession, which express-session
 * calls with what get returned; loadCurrentUser then uses it instead of a second query. Writes,
 * destroys and everything else are connect-pg-simple's own.
 */
function pgStoreReadingCurrentUser(
  pool: pg.Pool,
  options: ConstructorParameters<ReturnType<typeof connectPgSimple>>[0],
) {
  const PgStore = connectPgSimple(session);
  return new (class extends PgStore {
    override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
      readSession(pool, sid, Date.now()).then(
        (read) => {
          if (!read) return callback(null, null);
          const stored = read.sess as unknown as StoredSession;
          stored[READ] = read;
          return callback(null, stored);
        },
        (err: unknown) => callback(err),
      );
    }

    override createSession(req: Request, stored: StoredSession): session.Session & session.SessionData {
      const read = stored[READ];
      if (read) {
        delete stored[READ];
        req.sessionRead = read;
      }
      return super.createSession(req, stored);
    }
  })(options);
}

export { ABSOLUTE_TIMEOUT_MS, ACTIVITY_REFRESH_MS, IDLE_TIMEOUT_MS } from '../domain/session-limits';

export function cookieName(config: Config): string {
  return config.secure ? '__Host-cuentas' : 'cuentas.sid';
}

export function setUpSession(
  config: Config,
  pool: pg.Pool,
  onStoreError: (...args: unknown[]) => void,
): RequestHandler[] {
  const store = pgStoreReadingCurrentUser(pool, {
    pool,
    tableName: 'session',
    createTableIfMissing: false,
    disableTouch: true,
    // Expired rows are deleted by one process at a time (services/housekeeping.ts), not by a timer in each.
    pruneSessionInterval: false,
    errorLog: onStoreError,
  });

  const sessionMiddleware = session({
    name: cookieName(config),
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    unset: 'destroy',
    proxy: config.trustProxy !== false ? true : undefined,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secure, path: '/', maxAge: IDLE_TIMEOUT_MS },
  });

  return [keepSessionOnReadFailure(sessionMiddleware, onStoreError), enforceTimeouts(() => Date.now())];
}

/** An error as one line of text, with its cause (the store's callback logs plain values). */
function errorText(err: unknown): string {
  const e = err as { message?: unknown; cause?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return e?.cause ? `${message} (${errorText(e.cause)})` : message;
}

/** The session store could not be read: the request answers 503 (see errors.ts). */
export class SessionUnavailableError extends Error {
  readonly status = 503;
  constructor(readonly cause: unknown) {
    super('session store unavailable');
  }
}

/**
 * When the store cannot be read, express-session leaves `req.session` unset but keeps
 * `req.sessionID`, and with `unset: 'destroy'` it then *deletes* the stored session when the
 * response ends (a brownout signed people out), and that late delete fails after the headers were
 * sent (a reset). Forgetting the id makes it leave the row alone; the request answers 503.
 *
 * express-session also reports a failed save at the end of a response through the same callback,
 * after the route answered: that late error is logged here, not handed to Express again (whose
 * last-resort handler would print a stack trace and cut the connection).
 */
export function keepSessionOnReadFailure(
  sessionMiddleware: RequestHandler,
  onLateError: (...args: unknown[]) => void,
): RequestHandler {
  return (req, res, next) => {
    let called = false;
    sessionMiddleware(req, res, (err?: unknown) => {
      if (called) {
        if (err) onLateError('session not saved after the response', errorText(err));
        return;
      }
      called = true;
      if (!err) return next();
      (req as { sessionID?: string }).sessionID = undefined;
      return next(new SessionUnavailableError(err));
    });
  };
}

/** Ends a signed-in session that has been idle for 30 minutes or open for 12 hours. */
export function enforceTimeouts(now: () => number): RequestHandler {
  return (req, _res, next) => {
    const s = req.session;
    if (!s?.userId) return next();
    const time = now();
    const expired = time - (s.lastSeenAt ?? 0) > IDLE_TIMEOUT_MS || time - (s.createdAt ?? 0) > ABSOLUTE_TIMEOUT_MS;
    if (expired) return s.regenerate((err) => next(err));
    if (time - (s.lastSeenAt ?? 0) > ACTIVITY_REFRESH_MS) s.lastSeenAt = time;
    return next();
  };
}

/** Saves the session before answering: the next request may otherwise arrive before the row exists. */
export function saveSession(req: Express.Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.save((err: Error | undefined) => (err ? reject(err) : resolve())),
  );
}

export function regenerateSession(req: Express.Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err: Error | undefined) => (err ? reject(err) : resolve())),
  );
}

export function destroySession(req: Express.Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.destroy((err: Error | undefined) => (err ? reject(err) : resolve())),
  );
}
