import request from 'supertest';
import { DEMO_API_TOKEN, seedDemo } from '../../seeds/demo';
import { API_SCOPES } from '../../src/domain/api-scopes';
import { startupBanner } from '../../src/startup';
import { buildTestApp, testConfig, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, openApiProblems, publishedDocument } from '../helpers/api';
import { createReseller } from '../helpers/factories';
import { signIn } from '../helpers/agent';

let t: TestApp;
let doc: Awaited<ReturnType<typeof publishedDocument>>;
let reseller: Awaited<ReturnType<typeof createReseller>>;

beforeAll(async () => {
  t = await buildTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: '5' } });
  doc = await publishedDocument(t.app);
  reseller = await createReseller(t.db, { name: 'Acme' });
});
afterAll(() => t.close());

describe('the document', () => {
  it('is served without a token and passes an OpenAPI 3.1 validator', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.openapi).toBe('3.1.0');
    expect(openApiProblems(res.body)).toBeNull();
  });
});

describe('GET /api/v1/me', () => {
  it("answers the token's account and scopes", async () => {
    const { token, id } = await createApiToken(t.db, reseller.resellerId, {
      name: 'Facturación',
      scopes: ['accounts:read'],
    });
    const res = await apiClient(t.app, doc, token).get('/api/v1/me', 200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      token: { id, name: 'Facturación', scopes: ['accounts:read'] },
      account: { id: reseller.resellerId, kind: 'reseller', name: 'Acme', realm: expect.any(String) },
    });
    const row = await t.db('api_tokens').where({ id }).first('last_used_at', 'last_used_ip');
    expect(row.last_used_at).toBeInstanceOf(Date);
    expect(row.last_used_ip).toBeTruthy();
  });

  it('touches last use at most once a minute', async () => {
    const { token, id } = await createApiToken(t.db, reseller.resellerId);
    const api = apiClient(t.app, doc, token);
    await api.get('/api/v1/me', 200);
    const first = (await t.db('api_tokens').where({ id }).first('last_used_at')).last_used_at as Date;
    await api.get('/api/v1/me', 200);
    const second = (await t.db('api_tokens').where({ id }).first('last_used_at')).last_used_at as Date;
    expect(second.getTime()).toBe(first.getTime());
  });

  it.each([
    ['no token', undefined, 'unauthenticated', /^Bearer realm="cuentas"$/],
    ['an unknown token', 'cta_' + 'x'.repeat(43), 'invalid_token', /error="invalid_token"/],
    ['something else', 'hello', 'invalid_token', /error="invalid_token"/],
  ])('refuses %s with 401 and WWW-Authenticate', async (_what, token, code, header) => {
    const res = await apiClient(t.app, doc, token).get('/api/v1/me', 401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toMatch(header);
    expect(res.body).toMatchObject({ status: 401, code, type: expect.stringContaining(code) });
  });

  it('refuses a revoked token and an expired one, and revocation acts on the next request', async () => {
    const revoked = await createApiToken(t.db, reseller.resellerId, { revoked: true });
    const expired = await createApiToken(t.db, reseller.resellerId, { expiresAt: new Date(Date.now() - 1000) });
    for (const { token } of [revoked, expired]) {
      const res = await apiClient(t.app, doc, token).get('/api/v1/me', 401);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    }
    const live = await createApiToken(t.db, reseller.resellerId);
    await apiClient(t.app, doc, live.token).get('/api/v1/me', 200);
    await t.db('api_tokens').where({ id: live.id }).update({ revoked_at: t.db.fn.now() });
    await apiClient(t.app, doc, live.token).get('/api/v1/me', 401);
  });

  it('limits each token per minute (429 with Retry-After), counted in PostgreSQL', async () => {
    const { token, id } = await createApiToken(t.db, reseller.resellerId);
    const api = apiClient(t.app, doc, token);
    for (let i = 0; i < 5; i++) await api.get('/api/v1/me', 200);
    const res = await api.get('/api/v1/me', 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.code).toBe('rate_limited');
    expect(
      await t
        .db('rate_limits')
        .where({ key: `api-token:${id}` })
        .first('hits'),
    ).toEqual({ hits: 6 });
    // Another token has its own count.
    await apiClient(t.app, doc, (await createApiToken(t.db, reseller.resellerId)).token).get('/api/v1/me', 200);
  });
});

describe('below /api', () => {
  it('answers unknown paths and methods with problem+json, never HTML', async () => {
    const missing = await request(t.app).get('/api/v1/nothing-here').expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, code: 'not_found' });
    const outside = await request(t.app).get('/api/v2/me').expect(404);
    expect(outside.headers['content-type']).toMatch(/^application\/problem\+json/);
    const wrong = await request(t.app).delete('/api/v1/me').expect(405);
    expect(wrong.headers.allow).toMatch(/GET/);
    expect(wrong.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
    expect(wrong.headers['cache-control']).toBe('no-store');
  });

  it('never reads a session cookie: a signed-in browser without a token is a 401', async () => {
    const agent = await signIn(t.app, reseller.partner.email);
    const res = await agent.get('/api/v1/me').expect(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body.code).toBe('unauthenticated');
  });
});

describe('the demo data', () => {
  it('gives Acme Telecom the token «Facturación demo» with every scope, printed at start', async () => {
    expect(await seedDemo(t.db, 'development')).toBe(true);
    const res = await apiClient(t.app, doc, DEMO_API_TOKEN).get('/api/v1/me', 200);
    expect(res.body).toMatchObject({
      token: { name: 'Facturación demo', scopes: [...API_SCOPES] },
      account: { name: 'Acme Telecom', kind: 'reseller' },
    });
    expect(await seedDemo(t.db, 'development')).toBe(false);
    expect(startupBanner(testConfig({ SEED_DEMO: 'true', NODE_ENV: 'development' }))).toContain(DEMO_API_TOKEN);
  });
});
