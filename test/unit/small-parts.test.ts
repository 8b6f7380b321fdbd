import { formatBytes } from '../../src/formatters';
import { loadConfig, ConfigError } from '../../src/config';
import { isDatabaseUnavailable } from '../../src/db/knex';
import { linkify } from '../../src/controllers/dev/mail';
import { parseLogin } from '../../src/forms/auth/login';
import { safeReturnPath } from '../../src/domain/return-path';
import {
  ABSOLUTE_TIMEOUT_MS,
  ACTIVITY_REFRESH_MS,
  IDLE_TIMEOUT_MS,
  enforceTimeouts,
} from '../../src/middleware/session';
import { retryDelaySeconds } from '../../src/mail/outbox';
import { verifySecret, hashSecret } from '../../src/services/passwords';
import { MAX_PASSWORD_BYTES } from '../../src/domain/password-policy';

describe('config', () => {
  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://db/cuentas',
    SESSION_SECRET: 'q3J8vZk1Lw9Xr2Tn5Yb7Hc4Ud6Fe0Gm+Po/As=Qi8Wj3Ek5Rl',
    SMTP_URL: 'smtp://mail',
  };

  it('defaults to development on the embedded database', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.databaseUrl).toBeNull();
    expect(config.seedDemo).toBe(true);
    expect(config.secure).toBe(false);
  });

  it('listens on localhost only, unless HOST says otherwise (issue 22: /dev/mail is open in development)', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig(production).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('refuses production without a real secret, a database or SMTP', () => {
    expect(() => loadConfig(production)).not.toThrow();
    expect(() => loadConfig({ ...production, SESSION_SECRET: '' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ ...production, DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...production, SMTP_URL: '' })).toThrow(/SMTP_URL/);
    expect(loadConfig(production).seedDemo).toBe(false);
  });

  it('rejects malformed values', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
    expect(() => loadConfig({ BASE_URL: 'not a url' })).toThrow(/BASE_URL/);
    expect(loadConfig({ BASE_URL: 'https://cuentas.example' }).secure).toBe(true);
  });
});

describe('passwords', () => {
  it('verifies, refuses what bcrypt would truncate, and spends a comparison on unknown users', async () => {
    const hash = await hashSecret('una contraseña larga');
    expect(await verifySecret('una contraseña larga', hash)).toBe(true);
    expect(await verifySecret('otra contraseña larga', hash)).toBe(false);
    const long = 'a'.repeat(MAX_PASSWORD_BYTES);
    const longHash = await hashSecret(long);
    expect(await verifySecret(long + 'extra', longHash)).toBe(false);
    const started = Date.now();
    expect(await verifySecret('anything', null)).toBe(false);
    expect(await verifySecret('anything', undefined)).toBe(false);
    expect(Date.now() - started).toBeGreaterThan(50); // it did run bcrypt
  });
});

describe('session timeouts', () => {
  function run(session: Record<string, unknown>, now: number) {
    let regenerated = false;
    const req: { session: Record<string, unknown> } = {
      session: {
        ...session,
        regenerate: (cb: (err?: Error) => void) => {
          regenerated = true;
          cb();
        },
      },
    };
    enforceTimeouts(() => now)(req as never, {} as never, () => undefined);
    return { regenerated, session: req.session };
  }
  const start = 1_000_000_000_000;

  it('keeps an active session and records activity at most once a minute', () => {
    expect(run({ userId: 1, createdAt: start, lastSeenAt: start }, start + 1000).session.lastSeenAt).toBe(start);
    expect(
      run({ userId: 1, createdAt: start, lastSeenAt: start }, start + ACTIVITY_REFRESH_MS + 1).session.lastSeenAt,
    ).toBe(start + ACTIVITY_REFRESH_MS + 1);
  });

  it('ends a session idle for 30 minutes or open for 12 hours', () => {
    expect(run({ userId: 1, createdAt: start, lastSeenAt: start }, start + IDLE_TIMEOUT_MS + 1).regenerated).toBe(true);
    expect(
      run(
        { userId: 1, createdAt: start, lastSeenAt: start + ABSOLUTE_TIMEOUT_MS - 1000 },
        start + ABSOLUTE_TIMEOUT_MS + 1,
      ).regenerated,
    ).toBe(true);
    expect(run({ csrfToken: 'x' }, start + ABSOLUTE_TIMEOUT_MS * 2).regenerated).toBe(false);
  });
});

describe('small helpers', () => {
  it('writes a file size in the unit that reads best', () => {
    expect(formatBytes('es', 1)).toBe('1 byte');
    expect(formatBytes('es', 34)).toBe('34 bytes');
    expect(formatBytes('es', 1536)).toBe('1.5 kB');
    expect(formatBytes('en', 5 * 1024 * 1024)).toBe('5 MB');
  });

  it('accepts only same-origin return paths', () => {
    expect(safeReturnPath('/tickets?x=1')).toBe('/tickets?x=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil', 'tickets', undefined, 42])
      expect(safeReturnPath(bad)).toBeNull();
  });

  it('recognises an unreachable database', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // pg, when a transaction's client lost its connection (a killed server) and the ROLLBACK cannot run.
    expect(
      isDatabaseUnavailable(new Error('ROLLBACK - Client has encountered a connection error and is not queryable')),
    ).toBe(true);
    // pg, when a query reaches a client that was closed after a timeout (a frozen server).
    expect(isDatabaseUnavailable(new Error('ROLLBACK - Client was closed and is not queryable'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'KnexTimeoutError' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it('backs off mail retries up to an hour', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(20)).toBe(3600);
  });

  it('splits text into plain parts and http(s) links only', () => {
    expect(linkify('ve a https://a.test/x y javascript:alert(1)')).toEqual([
      { text: 've a ' },
      { text: 'https://a.test/x', href: 'https://a.test/x' },
      { text: ' y javascript:alert(1)' },
    ]);
  });

  it('validates the sign-in form and keeps only the e-mail for re-display', () => {
    const bad = parseLogin({ email: '  ', password: 'secret', role: 'owner' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toEqual({ email: 'errors.login.email.required' });
      expect(bad.values).toEqual({ email: '  ' });
    }
    const good = parseLogin({ email: ' a@b.test ', password: ' spaced ' });
    expect(good).toEqual({ ok: true, data: { email: 'a@b.test', password: ' spaced ' } });
    expect(parseLogin({ email: ['a', 'b'], password: 'x' }).ok).toBe(false);
  });
});
