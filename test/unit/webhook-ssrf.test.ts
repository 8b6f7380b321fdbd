/*
 * No server-side request forgery through webhooks (issue 20): every address the host resolves to
 * is checked at delivery time, with a DNS stub here; the refusal is the attempt's recorded error.
 */
import { userActor } from '../../src/domain/actor';
import { findManagedAccount, type ManagedAccount } from '../../src/models/accounts';
import { adjustCredit } from '../../src/services/accounts/credit';
import { createWebhookDeliverer } from '../../src/services/webhooks/deliver';
import { postJson, RefusedDestination, type Resolver } from '../../src/services/webhooks/http-client';
import { createWebhook } from '../../src/services/webhooks/subscriptions';
import { buildTestApp, testConfig, type TestApp } from '../helpers/app';
import { createCustomerOf, createReseller } from '../helpers/factories';
import { createSubscription, deliveriesOf, startReceiver } from '../helpers/webhooks';

const stub =
  (table: Record<string, string[]>): Resolver =>
  async (host) =>
    (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const REFUSED: [string, string][] = [
  ['loopback', '127.0.0.1'],
  ['loopback (IPv6)', '::1'],
  ['private 10/8', '10.0.0.5'],
  ['private 172.16/12', '172.16.4.4'],
  ['private 192.168/16', '192.168.1.10'],
  ['link-local: the cloud metadata address', '169.254.169.254'],
  ['link-local (IPv6)', 'fe80::1'],
  ['carrier-grade NAT 100.64/10', '100.64.0.1'],
  ['unique-local fc00::/7', 'fd00::1'],
  ['multicast', '224.0.0.251'],
  ['multicast (IPv6)', 'ff02::1'],
  ['unspecified', '0.0.0.0'],
  ['unspecified (IPv6)', '::'],
  ['IPv4-mapped IPv6 of loopback', '::ffff:127.0.0.1'],
  ['IPv4-mapped IPv6 of the metadata address', '::ffff:a9fe:a9fe'],
];

describe('the guarded HTTP client', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver(() => 'whsec_' + Buffer.alloc(32).toString('base64'));
  });
  afterAll(() => receiver.close());
  const port = () => new URL(receiver.url).port;
  const post = (url: string, resolve: Resolver, allowPrivateNetworks = false, httpsOnly = false) =>
    postJson(url, {}, '{}', { resolve, allowPrivateNetworks, httpsOnly });

  it.each(REFUSED)('refuses a name resolving to %s (%s) before connecting', async (_range, address) => {
    const before = receiver.received.length;
    await expect(post(`http://hook.example:${port()}/hook`, stub({ 'hook.example': [address] }))).rejects.toThrow(
      RefusedDestination,
    );
    expect(receiver.received.length).toBe(before);
  });

  it('refuses when any one of the addresses is refused, whichever comes first', async () => {
    const both = stub({ 'hook.example': ['93.184.216.34', '10.1.1.1'] });
    await expect(post(`http://hook.example:${port()}/hook`, both)).rejects.toThrow(/10\.1\.1\.1 \(private\)/);
  });

  it('refuses an address written in the URL, which Node never looks up', async () => {
    await expect(post(`http://127.0.0.1:${port()}/hook`, stub({}))).rejects.toThrow(RefusedDestination);
    await expect(post(`http://[::ffff:169.254.169.254]/latest`, stub({}))).rejects.toThrow(RefusedDestination);
  });

  it('refuses http:// when only https is allowed (production)', async () => {
    await expect(
      post(`http://hook.example/hook`, stub({ 'hook.example': ['93.184.216.34'] }), false, true),
    ).rejects.toThrow(/only https/);
  });

  it('connects to the address it checked (no second resolution) when private networks are allowed', async () => {
    const before = receiver.received.length;
    const answer = await post(`http://hook.example:${port()}/hook`, stub({ 'hook.example': ['127.0.0.1'] }), true);
    expect(answer.status).toBe(200);
    expect(receiver.received.length).toBe(before + 1);
    expect(receiver.received.at(-1)!.headers.host).toBe(`hook.example:${port()}`);
  });
});

describe('at delivery time, with private networks not allowed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
  });
  afterAll(() => t.close());

  it('is allowed outside production unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=false', () => {
    expect(testConfig().webhookAllowPrivateNetworks).toBe(true);
    expect(t.config.webhookAllowPrivateNetworks).toBe(false);
  });

  it('refuses to save a literal private address', async () => {
    const r = await createReseller(t.db, { name: `Acme ${Math.random()}` });
    const made = await createWebhook(
      t.deps,
      userActor(r.partner.id),
      { id: r.resellerId },
      {
        url: 'http://169.254.169.254/latest/meta-data',
        events: ['account.updated'],
        include_descendants: false,
      },
    );
    expect(made).toEqual({ ok: false, errors: { url: 'errors.webhook.url.private' } });
  });

  it('records the refusal when a name public at save time resolves to 127.0.0.1 at delivery', async () => {
    const receiver = await startReceiver(() => 'whsec_' + Buffer.alloc(32).toString('base64'));
    try {
      const r = await createReseller(t.db, { name: `Acme ${Math.random()}` });
      const customerId = await createCustomerOf(t.db, r.resellerId);
      const customer = (await findManagedAccount(t.db, r.resellerId, customerId)) as ManagedAccount;
      const url = `http://rebind.example:${new URL(receiver.url).port}/hook`;
      const sub = await createSubscription(t.deps, r.resellerId, r.partner.id, {
        url,
        events: ['ledger.entry_created'],
        includeDescendants: true,
      });
      await adjustCredit(t.deps, userActor(r.partner.id), customer, { direction: 'add', amount_cents: 1, note: 'x' });
      const dns: Record<string, string[]> = { 'rebind.example': ['127.0.0.1'] };
      const counts = await createWebhookDeliverer({ deps: t.deps, resolve: stub(dns) }).deliverDue();
      expect(counts).toEqual({ delivered: 0, retried: 1, failed: 0 });
      const [d] = await deliveriesOf(t.db, sub.id);
      expect(d.last_error).toBe('refused: rebind.example resolves to 127.0.0.1 (loopback)');
      expect(d.last_status).toBeNull();
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
