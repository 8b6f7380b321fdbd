import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { createApiToken } from '../helpers/api';
import { createContactRow, createMember, createReseller, TEST_PASSWORD } from '../helpers/factories';
import { startTestServer, type RunningApp } from '../helpers/server';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp';
import { journey, launchBrowser, newContext } from './browser';
import { FirstSignInPage, LoginPage } from './pages/login-page';

let sink: SmtpSink;
let server: RunningApp;
let browser: Browser;
let page: Page | undefined;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ smtpUrl: sink.url });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

/** The reseller's billing system: JSON over HTTP with its bearer token, nothing else. */
function billingSystem(token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

journey(
  'a billing system provisions an account and feeds it; the owner sees it with JavaScript off, limits a member to one number',
  () => page,
  async () => {
    const db = server.db;
    const r = await createReseller(db, { name: 'Acme Telecom' });
    const { token } = await createApiToken(db, r.resellerId, { name: 'Facturación', createdBy: r.partner.id });
    const api = billingSystem(token);

    const account = await api(
      'POST',
      '/accounts',
      {
        name: 'Ñandú Comercial',
        timezone: 'America/Mexico_City',
        locale: 'es',
        admin: {
          first_name: 'Paula',
          last_name: 'Propietaria',
          email: 'paula@nandu.example',
          mode: 'password',
          password: TEST_PASSWORD,
        },
        support_contacts: [{ partner_id: r.partner.id }],
      },
      { 'idempotency-key': 'crm-customer-0001' },
    );
    const id = account.id as number;
    for (const [number, label] of [
      ['100200300', 'Oficina'],
      ['100200301', 'Bodega'],
    ])
      await api('PUT', `/accounts/${id}/account-numbers/${number}`, { label, status: 'active' });
    const service = { kind: 'telephony', status: 'active', currency: 'MXN', next_due_date: '2026-12-31' };
    await api('PUT', `/accounts/${id}/services/SRV-1`, {
      ...service,
      account_number: '100200300',
      name: 'Troncal oficina',
      price: '1499.00',
    });
    await api('PUT', `/accounts/${id}/services/SRV-2`, {
      ...service,
      account_number: '100200301',
      name: 'Internet bodega',
      price: '899.00',
    });

    // The account's «Facturas» contact and a member, as the owner would have added them.
    const billingContact = 'cuentas-por-pagar@nandu.example';
    await createContactRow(db, id, { email: billingContact, emailTypes: ['invoice'] });
    const member = await createMember(db, {
      role: 'member',
      accountId: id,
      firstName: 'Mateo',
      permissions: ['invoices', 'services'],
    });

    const invoice = (accountNumber: string, description: string, unitPrice: string) => ({
      account_number: accountNumber,
      issued_on: '2026-12-01',
      due_on: '2026-12-15',
      currency: 'MXN',
      status: 'unpaid',
      items: [{ description, quantity: 2, unit_price: unitPrice }],
      total: (Number(unitPrice) * 2).toFixed(2),
    });
    await api('PUT', `/accounts/${id}/invoices/FAC-0001`, invoice('100200300', 'Troncal oficina', '1499.00'));
    await api('PUT', `/accounts/${id}/invoices/FAC-0002`, invoice('100200301', 'Internet bodega', '899.00'));
    // The billing system retries the second one: nothing changes, nothing is mailed twice.
    await api('PUT', `/accounts/${id}/invoices/FAC-0002`, invoice('100200301', 'Internet bodega', '899.00'));

    page = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await page.goto(`${server.baseUrl}/login`);
    await new LoginPage(page).signIn('paula@nandu.example', TEST_PASSWORD);
    // The billing system chose Paula's password: she chooses her own and her security questions first.
    const firstSignIn = new FirstSignInPage(page);
    expect(firstSignIn.path()).toBe('/profile/security-questions');
    await firstSignIn.complete(TEST_PASSWORD, 'la frase propia de paula');
    await page.goto(`${server.baseUrl}/invoices`);
    const invoices = await page.getByRole('main').textContent();
    expect(invoices).toContain('FAC-0001');
    expect(invoices).toContain('FAC-0002');
    await page.goto(`${server.baseUrl}/services`);
    expect(await page.getByRole('main').textContent()).toContain('Troncal oficina');

    // Seed 000: «Asignar números de cuenta» limits Mateo to the Bodega number.
    await page.goto(`${server.baseUrl}/users/${member.membershipId}/account-numbers`);
    await page.getByLabel('Número de cuenta').fill('100200301');
    await page.getByRole('button', { name: 'Agregar número' }).click();
    expect(await page.getByRole('list', { name: 'Números asignados' }).textContent()).toContain('100200301');

    const memberPage = await (await newContext(browser, { width: 390, height: 844 })).newPage();
    await memberPage.goto(`${server.baseUrl}/login`);
    await new LoginPage(memberPage).signIn(member.email, TEST_PASSWORD);
    await memberPage.goto(`${server.baseUrl}/invoices`);
    const seen = await memberPage.getByRole('main').textContent();
    expect(seen).toContain('FAC-0002');
    expect(seen).not.toContain('FAC-0001');
    expect((await memberPage.goto(`${server.baseUrl}/invoices/FAC-0001`))?.status()).toBe(404);

    // The «Facturas» contact received each new invoice once.
    while ((await server.deps.mailer.deliverDue()).sent > 0);
    const mailed = sink.received.filter((m) => m.to.includes(billingContact));
    const subjects = await Promise.all(mailed.map(async (m) => (await simpleParser(m.raw)).subject));
    expect(subjects.sort()).toEqual(['Factura FAC-0001 de Ñandú Comercial', 'Factura FAC-0002 de Ñandú Comercial']);
  },
);
