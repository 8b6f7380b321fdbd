/* «Integraciones» → Webhooks (issue 20): add, the secret once, pause/resume, rotate, delete, «Reenviar». */
import { Webhook } from 'standardwebhooks';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createMember, createReseller } from '../helpers/factories';
import { createSubscription, deliveriesOf } from '../helpers/webhooks';
import { createWebhookDeliverer } from '../../src/services/webhooks/deliver';
import { emitAccountEvent } from '../../src/services/webhooks/emit';
import { pruneExpired } from '../../src/services/housekeeping';

let t: TestApp;
let acme: Awaited<ReturnType<typeof createReseller>>;

beforeAll(async () => {
  t = await buildTestApp();
  acme = await createReseller(t.db, { name: 'Acme', firstName: 'Rosa' });
});
afterAll(() => t.close());

const secretIn = (html: string) => /value="(whsec_[A-Za-z0-9+/=]+)"/.exec(html)?.[1];

describe('Webhooks in Integraciones', () => {
  it('adds a webhook and shows its Standard Webhooks secret once, audited', async () => {
    const agent = await signIn(t.app, acme.partner.email);
    const created = await submitForm(agent, '/integrations', '/integrations/webhooks', {
      url: 'https://billing.example/hooks',
      'events[]': ['account.created', 'ledger.entry_created'],
      include_descendants: 'true',
    });
    expect(created.status).toBe(303);
    const path = created.headers.location;
    expect(path).toMatch(/^\/integrations\/webhooks\/\d+$/);
    const page = await agent.get(path).expect(200);
    const secret = secretIn(page.text);
    expect(secret).toBeDefined();
    expect(() => new Webhook(secret!)).not.toThrow();
    expect(textOf(page.text)).toContain('Se creó el webhook para https://billing.example/hooks');
    expect(textOf(page.text)).toContain('account.created, ledger.entry_created');
    expect(textOf(page.text)).toContain('Esta cuenta y las que están debajo');
    expect(secretIn((await agent.get(path).expect(200)).text)).toBeUndefined();

    const row = await t.db('webhook_subscriptions').where({ url: 'https://billing.example/hooks' }).first();
    expect(row).toMatchObject({ account_id: acme.resellerId, include_descendants: true, status: 'active' });
    expect(row.secret_ciphertext).not.toContain(secret!.slice(6, 20));
    const list = textOf((await agent.get('/integrations').expect(200)).text);
    expect(list).toContain('https://billing.example/hooks');
    expect(list).toContain('2 eventos');
    expect(textOf((await agent.get('/activity').expect(200)).text)).toContain('creó un webhook');
  });

  it('keeps what was typed and says what is wrong (422)', async () => {
    const agent = await signIn(t.app, acme.partner.email);
    const res = await submitForm(agent, '/integrations', '/integrations/webhooks', {
      url: 'ftp://billing.example',
      include_descendants: 'true',
    });
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    expect(text).toContain('Escribe una URL completa');
    expect(text).toContain('Elige al menos un evento');
    expect(res.text).toContain('value="ftp://billing.example"');
    expect(res.text).toMatch(/name="include_descendants"[^>]*checked/);
  });

  it('pauses, resumes, rotates (the new secret once) and deletes after asking', async () => {
    const sub = await createSubscription(t.deps, acme.resellerId, acme.partner.id);
    const agent = await signIn(t.app, acme.partner.email);
    const path = `/integrations/webhooks/${sub.id}`;
    expect((await submitForm(agent, path, `${path}/pause`, {})).status).toBe(303);
    expect(textOf((await agent.get(path)).text)).toContain('En pausa');
    expect((await submitForm(agent, path, `${path}/resume`, {})).status).toBe(303);
    expect(textOf((await agent.get(path)).text)).toContain('Activo');
    expect((await submitForm(agent, path, `${path}/rotate`, {})).status).toBe(303);
    const rotated = await agent.get(path);
    const fresh = secretIn(rotated.text);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(sub.secret);
    expect(textOf(rotated.text)).toContain('El anterior sigue firmando junto a él durante 24 horas');
    expect(textOf((await agent.get(`${path}/delete`).expect(200)).text)).toContain('¿Eliminar el webhook?');
    const deleted = await submitForm(agent, `${path}/delete`, `${path}/delete`, {});
    expect(deleted.headers.location).toBe('/integrations');
    expect(await t.db('webhook_subscriptions').where({ id: sub.id })).toEqual([]);
    const actions = (await t.db('audit_events').where({ target_type: 'webhook', target_id: sub.id })).map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['webhook.paused', 'webhook.resumed', 'webhook.secret_rotated', 'webhook.deleted']),
    );
  });

  it('keeps showing the recent deliveries once housekeeping has deleted those past the retention', async () => {
    const r = await createReseller(t.db, { name: 'Retención' });
    const sub = await createSubscription(t.deps, r.resellerId, r.partner.id, { events: ['account.updated'] });
    await emitAccountEvent(t.deps, 'account.updated', r.resellerId);
    await emitAccountEvent(t.deps, 'account.updated', r.resellerId);
    const [old, recent] = await deliveriesOf(t.db, sub.id);
    await t.db('webhook_deliveries').where({ subscription_id: sub.id }).update({ status: 'delivered' });
    const longAgo = t.db.raw("now() - interval '31 days'");
    await t.db('webhook_deliveries').where({ id: old.id }).update({ created_at: longAgo });
    await t.db('webhook_events').where({ public_id: old.public_id }).update({ created_at: longAgo });
    expect(await pruneExpired(t.db, { webhookRetentionDays: 30 })).toMatchObject({
      webhookDeliveries: 1,
      webhookEvents: 1,
    });
    const agent = await signIn(t.app, r.partner.email);
    const page = (await agent.get(`/integrations/webhooks/${sub.id}`).expect(200)).text;
    expect(page).toContain(recent.public_id);
    expect(page).not.toContain(old.public_id);
  });

  it('lists deliveries with attempts, status, time taken and the answer, and «Reenviar» sends again', async () => {
    const sub = await createSubscription(t.deps, acme.resellerId, acme.partner.id, {
      url: 'http://127.0.0.1:9/nobody',
      events: ['account.updated'],
    });
    await emitAccountEvent(t.deps, 'account.updated', acme.resellerId);
    await createWebhookDeliverer({ deps: t.deps, connectMs: 500 }).deliverDue();
    const agent = await signIn(t.app, acme.partner.email);
    const path = `/integrations/webhooks/${sub.id}`;
    const page = textOf((await agent.get(path).expect(200)).text);
    expect(page).toContain('account.updated');
    expect(page).toContain('Pendiente');
    expect(page).toMatch(/ECONNREFUSED/);
    expect(page).toContain('Próximo intento');
    const [d] = await deliveriesOf(t.db, sub.id);
    const resent = await submitForm(agent, path, `${path}/deliveries/${d.id}/resend`, {});
    expect(resent.status).toBe(303);
    expect(textOf((await agent.get(path)).text)).toContain('La entrega se enviará de nuevo');
    const [after] = await deliveriesOf(t.db, sub.id);
    expect(after.status).toBe('pending');
  });

  it('another account’s webhook or delivery is a 404; a member without the role gets 403', async () => {
    const other = await createReseller(t.db, { name: 'Otra' });
    const theirs = await createSubscription(t.deps, other.resellerId, other.partner.id);
    const mine = await createSubscription(t.deps, acme.resellerId, acme.partner.id);
    await emitAccountEvent(t.deps, 'account.updated', other.resellerId);
    const [theirDelivery] = await deliveriesOf(t.db, theirs.id);
    const agent = await signIn(t.app, acme.partner.email);
    await agent.get(`/integrations/webhooks/${theirs.id}`).expect(404);
    await agent.get(`/integrations/webhooks/${theirs.id}/delete`).expect(404);
    expect((await submitForm(agent, '/integrations', `/integrations/webhooks/${theirs.id}/pause`, {})).status).toBe(
      404,
    );
    const path = `/integrations/webhooks/${mine.id}`;
    expect((await submitForm(agent, path, `${path}/deliveries/${theirDelivery.id}/resend`, {})).status).toBe(404);
    const member = await createMember(t.db, { role: 'member', accountId: acme.resellerId, permissions: ['tickets'] });
    await (await signIn(t.app, member.email)).get(path).expect(403);
  });
});
