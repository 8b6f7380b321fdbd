/* /api/v1/webhooks (issue 20): every answer checked against the published document. */
import { Webhook } from 'standardwebhooks';
import type { ApiScope } from '../../src/domain/api-scopes';
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { createReseller } from '../helpers/factories';
import { createSubscription } from '../helpers/webhooks';

let t: TestApp;
let doc: Awaited<ReturnType<typeof publishedDocument>>;
beforeAll(async () => {
  t = await buildTestApp();
  doc = await publishedDocument(t.app);
});
afterAll(() => t.close());

async function setUp(scopes?: ApiScope[]) {
  const r = await createReseller(t.db);
  const { token } = await createApiToken(t.db, r.resellerId, { name: 'Facturación', createdBy: r.partner.id, scopes });
  return { r, api: apiClient(t.app, doc, token) };
}

const body = { url: 'https://billing.example/hooks', events: ['account.created', 'invoice.created'] };

describe('/api/v1/webhooks', () => {
  it('creates once per Idempotency-Key with the secret in the answer only, lists, pauses and deletes', async () => {
    const { r, api } = await setUp();
    const created = await api.post('/api/v1/webhooks', 201, body, { 'Idempotency-Key': 'hook-1' });
    expect(created.body).toMatchObject({
      url: body.url,
      events: body.events,
      include_descendants: false,
      status: 'active',
      disabled_reason: null,
    });
    expect(created.headers.location).toBe(`/api/v1/webhooks/${created.body.id}`);
    expect(() => new Webhook(created.body.secret as string)).not.toThrow();
    const replay = await api.post('/api/v1/webhooks', 201, body, { 'Idempotency-Key': 'hook-1' });
    expect(replay.body.id).toBe(created.body.id);
    expect(await t.db('webhook_subscriptions').where({ account_id: r.resellerId })).toHaveLength(1);

    const list = await api.get('/api/v1/webhooks', 200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).not.toHaveProperty('secret');

    const paused = await api.patch(`/api/v1/webhooks/${created.body.id}`, 200, {
      status: 'paused',
      include_descendants: true,
    });
    expect(paused.body).toMatchObject({ status: 'paused', include_descendants: true, url: body.url });

    await api.delete(`/api/v1/webhooks/${created.body.id}`, 204);
    expect((await api.get('/api/v1/webhooks', 200)).body.data).toEqual([]);
    const actions = (
      await t.db('audit_events').where({ target_type: 'webhook' }).where({ account_id: r.resellerId })
    ).map((e: { action: string; actor_token_id: number | null }) => [e.action, e.actor_token_id !== null]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['webhook.created', true],
        ['webhook.updated', true],
        ['webhook.paused', true],
        ['webhook.deleted', true],
      ]),
    );
  });

  it('refuses what is wrong by its path (422), without Idempotency-Key (400), and unknown events', async () => {
    const { api } = await setUp();
    const bad = await api.post(
      '/api/v1/webhooks',
      422,
      { url: 'ftp://x', events: ['account.deleted'] },
      { 'Idempotency-Key': 'k' },
    );
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['events.0', 'url']);
    await api.post('/api/v1/webhooks', 400, body);
  });

  it('another account’s webhook is a 404, even for the platform above; a token without the scope gets 403', async () => {
    const { r, api } = await setUp();
    const other = await createReseller(t.db, { platformId: r.platformId });
    const theirs = await createSubscription(t.deps, other.resellerId, other.partner.id);
    await api.patch(`/api/v1/webhooks/${theirs.id}`, 404, { status: 'paused' });
    await api.delete(`/api/v1/webhooks/${theirs.id}`, 404);
    const platform = apiClient(t.app, doc, (await createApiToken(t.db, r.platformId)).token);
    await platform.delete(`/api/v1/webhooks/${theirs.id}`, 404);
    const readOnly = (await setUp(['accounts:read'])).api;
    await readOnly.get('/api/v1/webhooks', 403);
  });
});
