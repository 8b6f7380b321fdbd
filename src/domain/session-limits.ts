/** A signed-in session ends after this long without a request… */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
/** …or this long after signing in, whatever its activity. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/**
 * express-session would write the store on every request (connect-pg-simple's touch is an UPDATE).
 * Touch is disabled and activity is recorded at most once a minute instead, so most pages cost one
 * read; a session's «última actividad» is therefore exact to the minute.
 */
export const ACTIVITY_REFRESH_MS = 60_000;
