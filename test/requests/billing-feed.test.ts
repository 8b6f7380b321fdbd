/* What the billing feed writes shows at once in the portal (issue 19, items 5 and 6), through the pages. */
import { createTokenActor } from '../helpers/api';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { createContactRow, createCustomerOf, createMember, createReseller } from '../helpers/factories';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import { findManagedAccount, type ManagedAccount } from '../../src/models/accounts';
import { upsertAccountNumber } from '../../src/services/billing/account-numbers';
import { upsertInvoice, type InvoiceInput } from '../../src/services/billing/invoices';
import { upsertService } from '../../src/services/billing/services';

let t: TestApp;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ smtpUrl: sink.url });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const invoice = (accountNumber: string, values: Partial<InvoiceInput> = {}): InvoiceInput => ({
  account_number: accountNumber,
  issued_on: '2026-12-01',
  due_on: '2026-12-15',
  currency: 'MXN',
  status: 'unpaid',
  items: [
    { description: 'Troncal SIP', quantity: 1, unit_price_cents: 149900 },
    { description: 'DID adicionales', quantity: 3, unit_price_cents: 5000 },
    { description: 'Consumo de larga distancia', quantity: 1, unit_price_cents: 12345 },
  ],
  total_cents: 177245,
  ...values,
});

/** A customer account of a reseller, fed by the reseller's billing system: two numbers, a service and an invoice on each. */
async function fedAccount() {
  const r = await createReseller(t.db);
  const id = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
  const account = (await findManagedAccount(t.db, r.resellerId, id)) as ManagedAccount;
  const actor = await createTokenActor(t.db, r.resellerId, r.partner.id);
  const owner = await createMember(t.db, { role: 'owner', accountId: id });
  const member = await createMember(t.db, { role: 'member', accountId: id, permissions: ['services', 'invoices'] });
  const billing = await createContactRow(t.db, id, { emailTypes: ['invoice'] });
  const expect1 = async <T>(p: Promise<T>) => {
    const result = await p;
    if (!(result as { ok: boolean }).ok) throw new Error(JSON.stringify(result));
    return result;
  };
  await expect1(upsertAccountNumber(t.deps, actor, account, '100200300', { label: 'Oficina', status: 'active' }));
  await expect1(upsertAccountNumber(t.deps, actor, account, '100200301', { label: 'Bodega', status: 'active' }));
  const base = { kind: 'telephony' as const, status: 'active' as const, currency: 'MXN', next_due_date: '2026-12-31' };
  await expect1(
    upsertService(t.deps, actor, account, 'SRV-1', {
      ...base,
      account_number: '100200300',
      name: 'Troncal oficina',
      price_cents: 149900,
    }),
  );
  await expect1(
    upsertService(t.deps, actor, account, 'SRV-2', {
      ...base,
      account_number: '100200301',
      name: 'Internet bodega',
      price_cents: 89900,
    }),
  );
  await expect1(upsertInvoice(t.deps, actor, account, 'FAC-0001', invoice('100200300')));
  await expect1(
    upsertInvoice(
      t.deps,
      actor,
      account,
      'FAC-0002',
      invoice('100200301', {
        items: [{ description: 'Internet', quantity: 1, unit_price_cents: 89900 }],
        total_cents: 89900,
      }),
    ),
  );
  return { r, account, actor, owner, member, billing };
}

describe('the billing feed in the portal', () => {
  it('shows the owner the invoices, services and dashboard figures as soon as they arrive', async () => {
    const { owner } = await fedAccount();
    // Another reseller's billing system has the same numbers for its own customer: nothing of it shows here.
    const other = await fedAccount();
    await upsertInvoice(t.deps, other.actor, other.account, 'FAC-0003', invoice('100200300'));

    const agent = await signIn(t.app, owner.email);
    const invoices = textOf((await agent.get('/invoices')).text);
    expect(invoices).toContain('FAC-0001');
    expect(invoices).toContain('FAC-0002');
    expect(invoices).not.toContain('FAC-0003');
    const shown = textOf((await agent.get('/invoices/FAC-0001')).text);
    expect(shown).toContain('100200300 · Oficina');
    expect(shown).toMatch(/DID adicionales 3 × \$50\.00 \$150\.00/);
    expect(shown).toContain('Total $1,772.45');

    const services = textOf((await agent.get('/services')).text);
    expect(services).toContain('Troncal oficina');
    expect(services).toContain('Internet bodega');
    expect(services).toContain('$1,499.00');

    const dashboard = textOf((await agent.get('/')).text);
    expect(dashboard).toContain('$2,671.45'); // 1,772.45 + 899.00 unpaid
    expect(dashboard).toContain('Pendiente de pago en 2 facturas');
    expect(dashboard).toContain('2 Servicios activos de 2 en total');
  });

  it('lets the owner assign a fed number to a member, who then sees only that number’s invoices and services', async () => {
    const { owner, member } = await fedAccount();
    const agent = await signIn(t.app, owner.email);
    const path = `/users/${member.membershipId}/account-numbers`;
    const added = await submitForm(agent, path, path, { account_number: '100200301' });
    expect(added.status).toBe(303);
    expect(textOf((await agent.get(path)).text)).toContain('100200301');

    const limited = await signIn(t.app, member.email);
    const invoices = textOf((await limited.get('/invoices')).text);
    expect(invoices).toContain('FAC-0002');
    expect(invoices).not.toContain('FAC-0001');
    expect((await limited.get('/invoices/FAC-0001')).status).toBe(404);
    const services = textOf((await limited.get('/services')).text);
    expect(services).toContain('Internet bodega');
    expect(services).not.toContain('Troncal oficina');
    expect(textOf((await limited.get('/')).text)).toContain('$899.00');
  });

  it('refuses to assign a number the billing system closed, beside the field (422), on both pages that assign', async () => {
    const { account, actor, owner, member } = await fedAccount();
    const closed = await upsertAccountNumber(t.deps, actor, account, '100200301', {
      label: 'Bodega',
      status: 'closed',
    });
    expect(closed).toMatchObject({ ok: true, changed: true });
    const agent = await signIn(t.app, owner.email);
    const path = `/users/${member.membershipId}/account-numbers`;
    const refused = await submitForm(agent, path, path, { account_number: '100200301' });
    expect(refused.status).toBe(422);
    expect(textOf(refused.text)).toContain('El número de cuenta 100200301 está cerrado: no se puede asignar.');
    expect(refused.text).toContain('value="100200301"');
    expect(await t.db('membership_account_numbers').where({ membership_id: member.membershipId })).toEqual([]);
    expect((await submitForm(agent, path, path, { account_number: '100200300' })).status).toBe(303);

    const invited = await submitForm(agent, '/users/new', '/users/new', {
      first_name: 'Ana',
      last_name: 'Paz',
      email: 'ana.paz.cerrado@example.test',
      role: 'member',
      permissions: ['invoices'],
      account_number: '100200300, 100200301',
    });
    expect(invited.status).toBe(422);
    expect(textOf(invited.text)).toContain('Estos números de cuenta están cerrados: 100200301.');
    expect(await t.db('users').where({ email: 'ana.paz.cerrado@example.test' }).first()).toBeUndefined();
  });

  it('delivers the new invoices to the «Facturas» contact once each, and a replay sends nothing more', async () => {
    const { account, actor, billing } = await fedAccount();
    await upsertInvoice(t.deps, actor, account, 'FAC-0001', invoice('100200300'));
    while ((await t.deps.mailer.deliverDue()).sent > 0);
    const mine = sink.received.filter((m) => m.to.includes(billing.email));
    expect(mine).toHaveLength(2);
    expect(mine.map((m) => /Subject: (.*)/.exec(m.raw)?.[1]).sort()).toEqual([
      'Factura FAC-0001 de ABC Company',
      'Factura FAC-0002 de ABC Company',
    ]);
  });

  it('records every write in the account’s activity and in the reseller’s, by the token’s creator', async () => {
    const { r, owner } = await fedAccount();
    const agent = await signIn(t.app, owner.email);
    const activity = textOf((await agent.get('/activity')).text);
    expect(activity).toContain('registró una factura');
    expect(activity).toContain('(FAC-0001)');
    expect(activity).toContain('registró un servicio');
    const partner = await signIn(t.app, r.partner.email);
    expect(textOf((await partner.get('/activity')).text)).toContain('registró un número de cuenta');
  });
});
