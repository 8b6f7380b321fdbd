import type { Page } from 'playwright-core';
import { createCreditEntry, createCustomerOf, createMember, createReseller, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { LoginPage } from './pages/login-page';
import { ManagedAccountPage } from './pages/manager-pages';

const env = useAppAndBrowser();
let partnerPage: Page | undefined;
let ownerPage: Page | undefined;

journey(
  'a partner adds credit to a customer account and suspends it; its owner is signed out and cannot sign in',
  () => ownerPage ?? partnerPage,
  async () => {
    const db = env.server().db;
    const r = await createReseller(db, { name: 'Acme Telecom', firstName: 'Sergio' });
    const abc = await createCustomerOf(db, r.resellerId, { name: 'ABC Company' });
    await createCreditEntry(db, abc, 100000, 'Crédito inicial');
    const owner = await createMember(db, { role: 'owner', accountId: abc, firstName: 'Patricia' });

    ownerPage = await (await newContext(env.browser())).newPage();
    await ownerPage.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(ownerPage).signIn(owner.email, TEST_PASSWORD);
    expect(new URL(ownerPage.url()).pathname).toBe('/');

    partnerPage = await (await newContext(env.browser())).newPage();
    await partnerPage.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(partnerPage).signIn(r.partner.email, TEST_PASSWORD);
    expect(new URL(partnerPage.url()).pathname).toBe('/manager');
    await partnerPage.getByRole('link', { name: /ABC Company/ }).click();
    const account = new ManagedAccountPage(partnerPage);
    expect((await account.balance().textContent())?.trim()).toBe('$1,000.00');

    // A removal without a note is refused, with what was typed kept.
    await partnerPage.getByRole('link', { name: 'Agregar o quitar crédito' }).first().click();
    await partnerPage.getByLabel('Quitar crédito').check();
    await partnerPage.getByLabel('Monto', { exact: true }).fill('2000');
    await partnerPage.getByRole('button', { name: 'Guardar movimiento' }).click();
    expect(await partnerPage.getByRole('alert').textContent()).toContain('Escribe una nota');
    expect(await partnerPage.getByLabel('Monto', { exact: true }).inputValue()).toBe('2000');

    await partnerPage.getByRole('link', { name: '← ABC Company' }).click();
    await account.addCredit({ direction: 'Agregar crédito', amount: '500.25', note: 'Pago de noviembre' });
    // Saving a movement returns to the ledger, ready for the next one.
    expect(new URL(partnerPage.url()).pathname).toMatch(/\/credit$/);
    expect(await partnerPage.getByRole('status').textContent()).toContain('Saldo: $1,500.25');
    expect((await partnerPage.locator('#credit-balance').textContent())?.trim()).toBe('$1,500.25');
    expect(await partnerPage.getByRole('table').textContent()).toContain('Pago de noviembre');
    await partnerPage.getByRole('link', { name: '← ABC Company' }).click();
    expect((await account.balance().textContent())?.trim()).toBe('$1,500.25');
    expect(await partnerPage.locator('#credit-title ~ table').textContent()).toContain('Pago de noviembre');

    // Asked first: who loses access (Patricia, the owner, is the only one).
    expect(await account.suspend()).toContain('Su propietario, Patricia Usuario, perderá el acceso a la cuenta.');
    expect(await partnerPage.getByRole('status').textContent()).toContain('Se suspendió ABC Company');
    expect((await account.status().textContent())?.trim()).toBe('Suspendida');
    expect(await partnerPage.getByRole('button', { name: 'Reactivar cuenta' }).isVisible()).toBe(true);
    const selected = partnerPage.locator('.account-list a[aria-current="page"]');
    expect(await selected.textContent()).toContain('Suspendida');

    // The owner's next click lands on the sign-in page, and signing in again is refused.
    await ownerPage.reload();
    expect(new URL(ownerPage.url()).pathname).toBe('/login');
    await new LoginPage(ownerPage).signIn(owner.email, TEST_PASSWORD);
    expect(await ownerPage.getByRole('alert').first().textContent()).toContain('no son correctos');
  },
);
