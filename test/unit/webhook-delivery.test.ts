/*
 * Webhook deliveries (issue 20): signed per Standard Webhooks and verified by a local receiver with
 * the standardwebhooks library; retries on a movable clock; 410 and three days of failures disable
 * the subscription and e-mail the account's owner and admins.
 */
import { userActor } from '../../src/domain/actor';
import { findManagedAccount, type ManagedAccount } from '../../src/models/accounts';
import { adjustCredit } from '../../src/services/accounts/credit';
import { createWebhookDeliverer } from '../../src/services/webhooks/deliver';
import { rotateWebhookSecret } from '../../src/services/webhooks/subscriptions';
import { claimDueDeliveries, findSubscription } from '../../src/models/webhooks';
import { emitEvent } from '../../src/services/webhooks/emit';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createCustomerOf, createMember, createReseller } from '../helpers/factories';
import { createSubscription, deliveriesOf, eventsOf, startReceiver } from '../helpers/webhooks';

let t: TestApp;
let now = new Date();
const clock = () => now;
const later = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());
beforeEach(() => {
  now = new Date();
});
// Each test counts only its own deliveries: what an earlier one left waiting stays put.
afterEach(async () => {
  await t.db('webhook_subscriptions').where({ status: 'active' }).update({ status: 'paused' });
});

const deliverer = (options: { totalMs?: number } = {}) =>
  createWebhookDeliverer({ deps: t.deps, clock, totalMs: options.totalMs });

async function setUp(respond?: Parameters<typeof startReceiver>[1]) {
  const r = await createReseller(t.db, { name: `Acme ${Math.random()}` });
  const customerId = await createCustomerOf(t.db, r.resellerId, { name: 'ABC' });
  const customer = (await findManagedAccount(t.db, r.resellerId, customerId)) as ManagedAccount;
  let secret = '';
  const receiver = await startReceiver(() => secret, respond);
  const sub = await createSubscription(t.deps, r.resellerId, r.partner.id, {
    url: receiver.url,
    events: ['ledger.entry_created'],
    includeDescendants: true,
  });
  secret = sub.secret;
  const emit = (note = 'Pago') =>
    adjustCredit(t.deps, userActor(r.partner.id), customer, { direction: 'add', amount_cents: 100, note });
  return { r, customer, receiver, sub, emit, setSecret: (s: string) => (secret = s) };
}

describe('webhook deliveries', () => {
  it('POSTs {id, type, created_at, account_id, data} signed so that standardwebhooks verifies it', async () => {
    const { customer, receiver, sub, emit } = await setUp(() => ({ status: 200, body: 'gracias' }));
    try {
      await emit();
      expect(await deliverer().deliverDue()).toEqual({ delivered: 1, retried: 0, failed: 0 });
      const [event] = await eventsOf(t.db, customer.id);
      const [got] = receiver.received;
      expect(got.verified).toEqual({
        id: event.public_id,
        type: 'ledger.entry_created',
        created_at: expect.any(String),
        account_id: customer.id,
        data: event.data,
      });
      expect(got.headers['webhook-id']).toBe(event.public_id);
      expect(got.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
      const [delivery] = await deliveriesOf(t.db, sub.id);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200, last_response: 'gracias' });
      // Delivered once: nothing is due any more.
      expect(await deliverer().deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    } finally {
      await receiver.close();
    }
  });

  it('fails verification with another secret', async () => {
    const { receiver, emit, setSecret } = await setUp();
    try {
      setSecret('whsec_' + Buffer.alloc(32, 7).toString('base64'));
      await emit();
      await deliverer().deliverDue();
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].verified).toBeNull();
    } finally {
      await receiver.close();
    }
  });

  it('signs with the old secret beside the new one for 24 hours after a rotation', async () => {
    const { r, receiver, sub, emit, setSecret } = await setUp();
    try {
      const row = (await findSubscription(t.db, r.resellerId, sub.id))!;
      const fresh = await rotateWebhookSecret(t.deps, userActor(r.partner.id), { id: r.resellerId }, row);
      await emit();
      await deliverer().deliverDue();
      expect((receiver.received[0].headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
      expect(receiver.received[0].verified).not.toBeNull(); // the old secret
      setSecret(fresh);
      later(24 * 3600 + 1);
      await emit('Otro');
      await deliverer().deliverDue();
      expect((receiver.received[1].headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
      expect(receiver.received[1].verified).not.toBeNull();
    } finally {
      await receiver.close();
    }
  });

  it('retries after a 500 with backoff: 30 s, 2 min, 10 min, 1 h, then every 6 h', async () => {
    const { receiver, sub, emit } = await setUp((n) => (n < 6 ? { status: 500, body: 'caído' } : { status: 204 }));
    try {
      await emit();
      expect(await deliverer().deliverDue()).toEqual({ delivered: 0, retried: 1, failed: 0 });
      let [d] = await deliveriesOf(t.db, sub.id);
      expect(d).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_status: 500,
        last_error: 'HTTP 500',
        last_response: 'caído',
      });
      for (const wait of [30, 120, 600, 3600]) {
        later(wait - 2);
        expect(await deliverer().deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });
        later(2);
        const counts = await deliverer().deliverDue();
        expect(counts.retried + counts.delivered).toBe(1);
      }
      [d] = await deliveriesOf(t.db, sub.id);
      expect(d).toMatchObject({ status: 'pending', attempts: 5 });
      later(6 * 3600);
      expect(await deliverer().deliverDue()).toEqual({ delivered: 1, retried: 0, failed: 0 });
      [d] = await deliveriesOf(t.db, sub.id);
      expect(d).toMatchObject({ status: 'delivered', attempts: 6, last_status: 204 });
    } finally {
      await receiver.close();
    }
  });

  it('retries after a timeout, and follows no redirect', async () => {
    const { receiver, sub, emit } = await setUp((n) =>
      n === 1 ? { status: 200, delayMs: 1500 } : { status: 302, body: 'moved' },
    );
    try {
      await emit();
      expect(await deliverer({ totalMs: 300 }).deliverDue()).toEqual({ delivered: 0, retried: 1, failed: 0 });
      let [d] = await deliveriesOf(t.db, sub.id);
      expect(d.last_error).toMatch(/timed out/);
      expect(d.last_status).toBeNull();
      later(31);
      expect(await deliverer().deliverDue()).toEqual({ delivered: 0, retried: 1, failed: 0 });
      [d] = await deliveriesOf(t.db, sub.id);
      expect(d).toMatchObject({ last_status: 302, attempts: 2 });
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it('reads at most 64 KB of an answer and keeps its first 1 KB', async () => {
    const { receiver, sub, emit } = await setUp(() => ({ status: 200, body: 'x'.repeat(200_000) }));
    try {
      await emit();
      await deliverer().deliverDue();
      const [d] = await deliveriesOf(t.db, sub.id);
      expect(d.last_response).toBe('x'.repeat(1024));
    } finally {
      await receiver.close();
    }
  });

  it('disables the subscription at once on 410 Gone and tells the owner and admins why', async () => {
    const { r, receiver, sub, emit } = await setUp(() => ({ status: 410 }));
    try {
      const admin = await createMember(t.db, { accountId: r.resellerId, role: 'admin' });
      await t.db('users').where({ id: admin.id }).update({ locale: 'en' });
      await emit();
      await emit('Otro');
      expect(await deliverer().deliverDue()).toMatchObject({ failed: 2 });
      const row = await t.db('webhook_subscriptions').where({ id: sub.id }).first();
      expect(row).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
      // Recorded as the failure it is (issue 22, item 12).
      expect(
        await t.db('audit_events').where({ account_id: r.resellerId, action: 'webhook.disabled' }).first(),
      ).toMatchObject({ outcome: 'failed', reason: 'webhook_gone' });
      const mail = await t.db('mail_outbox').where({ template: 'webhook_disabled_gone', account_id: r.resellerId });
      expect(mail.map((m: { to_addresses: string[] }) => m.to_addresses[0]).sort()).toEqual(
        [r.partner.email, admin.email].sort(),
      );
      const english = mail.find((m: { to_addresses: string[] }) => m.to_addresses[0] === admin.email);
      expect(english.text_body).toContain('410 Gone');
      expect(english.subject).toContain('was disabled');
      // Nothing more is sent to it.
      await emit('Tercero');
      expect(await deliverer().deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    } finally {
      await receiver.close();
    }
  });

  it('disables a subscription failing for three days, gives up what waits, and e-mails why', async () => {
    const { r, receiver, sub, emit } = await setUp(() => ({ status: 503, body: 'mantenimiento' }));
    try {
      await emit();
      await deliverer().deliverDue();
      let waited = 0;
      for (const wait of [30, 120, 600, 3600]) {
        later(wait);
        waited += wait;
        await deliverer().deliverDue();
      }
      while (waited + 6 * 3600 < 3 * 24 * 3600) {
        later(6 * 3600);
        waited += 6 * 3600;
        expect(await deliverer().deliverDue()).toEqual({ delivered: 0, retried: 1, failed: 0 });
      }
      later(6 * 3600);
      expect(await deliverer().deliverDue()).toEqual({ delivered: 0, retried: 0, failed: 1 });
      const row = await t.db('webhook_subscriptions').where({ id: sub.id }).first();
      expect(row).toMatchObject({ status: 'disabled', disabled_reason: 'failing' });
      const [d] = await deliveriesOf(t.db, sub.id);
      expect(d.status).toBe('failed');
      const [mail] = await t
        .db('mail_outbox')
        .where({ template: 'webhook_disabled_failing', account_id: r.resellerId });
      expect(mail.to_addresses).toEqual([r.partner.email]);
      expect(mail.text_body).toContain('3 días');
      expect(mail.text_body).toContain('HTTP 503');
      expect(await t.db('audit_events').where({ account_id: r.resellerId, action: 'webhook.disabled' })).toMatchObject([
        { outcome: 'failed', reason: 'webhook_failing' },
      ]);
    } finally {
      await receiver.close();
    }
  });
});

describe('several workers', () => {
  it('deliver every event at least once when one dies holding its claims (FOR UPDATE SKIP LOCKED)', async () => {
    const { receiver, sub, customer } = await setUp();
    try {
      const emitted = 120;
      for (let i = 0; i < emitted; i++)
        await emitEvent(t.deps, { type: 'ledger.entry_created', accountId: customer.id, data: { n: i } });
      // A worker claims 30 and is killed before sending any: its rows stay "sending" until the lock ends.
      const died = await claimDueDeliveries(t.db, 30, clock(), 60_000);
      expect(died).toHaveLength(30);
      const two = [deliverer(), deliverer()];
      const rounds = await Promise.all(
        two.map(async (d) => {
          let sent = 0;
          for (;;) {
            const c = await d.deliverDue(16);
            sent += c.delivered;
            if (c.delivered + c.retried + c.failed === 0) return sent;
          }
        }),
      );
      expect(rounds[0] + rounds[1]).toBe(emitted - 30);
      later(61);
      expect((await deliverer().deliverDue(64)).delivered).toBe(30);
      const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
      const events = await eventsOf(t.db, customer.id, 'ledger.entry_created');
      expect(events.every((e) => ids.has(e.public_id))).toBe(true);
      expect(receiver.received).toHaveLength(emitted);
      expect((await deliveriesOf(t.db, sub.id)).every((d) => d.status === 'delivered')).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
