/* /api/v1/webhooks (issue 20): every answer checked against the published document. */
import { Webhook } from 'standardwebhooks';
import type { ApiScope } from '../../src/domain/api-scopes';
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { createReseller } from '../helpers/factories';
import { createSubscription, startReceiver } from '../helpers/webhooks';
import { createWebhookDeliverer } from '../../src/services/webhooks/deliver';
import { emitAccountEvent } from '../../src/services/webhooks/emit';

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

  it('rotates the secret: the new one in the answer only (once per Idempotency-Key), the old one signing beside it', async () => {
    const { r, api } = await setUp();
    let secret = '';
    const receiver = await startReceiver(() => secret);
    try {
      const created = await api.post(
        '/api/v1/webhooks',
        201,
        { url: receiver.url, events: ['account.updated'] },
        { 'Idempotency-Key': 'rotate-create' },
      );
      const id = created.body.id as number;
      const rotate = (key: string) =>
        api.post(`/api/v1/webhooks/${id}/rotate-secret`, 200, undefined, { 'Idempotency-Key': key });
      const rotated = await rotate('rotate-1');
      expect(rotated.body).toMatchObject({ id, url: receiver.url, status: 'active', events: ['account.updated'] });
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(created.body.secret);
      const overlap = Date.parse(rotated.body.previous_secret_expires_at as string) - Date.now();
      expect(overlap).toBeGreaterThan(23.9 * 3600_000);
      expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
      // A retry (the answer was lost) gets the same secret, and the first one still signs.
      const again = await rotate('rotate-1');
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.secret).toBe(rotated.body.secret);
      expect((await api.get('/api/v1/webhooks', 200)).body.data[0]).not.toHaveProperty('secret');

      secret = rotated.body.secret as string;
      await emitAccountEvent(t.deps, 'account.updated', r.resellerId);
      expect((await createWebhookDeliverer({ deps: t.deps }).deliverDue()).delivered).toBe(1);
      const [got] = receiver.received;
      expect(got.verified).not.toBeNull();
      const headers = got.headers as Record<string, string>;
      expect(() => new Webhook(created.body.secret as string).verify(got.body, headers)).not.toThrow();

      const audited = await t
        .db('audit_events')
        .where({ account_id: r.resellerId, action: 'webhook.secret_rotated' })
        .select('actor_token_id');
      expect(audited).toHaveLength(1);
      expect(audited[0].actor_token_id).not.toBeNull();
      await api.post(`/api/v1/webhooks/${id}/rotate-secret`, 400);
    } finally {
      await receiver.close();
    }
  });

  it('another account’s webhook is a 404, even for the platform above; a token without the scope gets 403', async () => {
    const { r, api } = await setUp();
    const other = await createReseller(t.db, { platformId: r.platformId });
    const theirs = await createSubscription(t.deps, other.resellerId, other.partner.id);
    await api.patch(`/api/v1/webhooks/${theirs.id}`, 404, { status: 'paused' });
    await api.delete(`/api/v1/webhooks/${theirs.id}`, 404);
    await api.post(`/api/v1/webhooks/${theirs.id}/rotate-secret`, 404, undefined, { 'Idempotency-Key': 'theirs' });
    const platform = apiClient(t.app, doc, (await createApiToken(t.db, r.platformId)).token);
    await platform.delete(`/api/v1/webhooks/${theirs.id}`, 404);
    const readOnly = (await setUp(['accounts:read'])).api;
    await readOnly.get('/api/v1/webhooks', 403);
    await readOnly.post(`/api/v1/webhooks/${theirs.id}/rotate-secret`, 403, undefined, { 'Idempotency-Key': 'k' });
  });
});
