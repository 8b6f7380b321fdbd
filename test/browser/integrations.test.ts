import type { Page } from 'playwright-core';
import { createReseller, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

journey(
  'a reseller owner creates an API token with JavaScript off, sees it once, uses it with the API, and revokes it',
  () => page,
  async () => {
    const db = env.server().db;
    const r = await createReseller(db, { name: 'Acme Telecom', firstName: 'Sergio' });
    page = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();
    await page.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(page).signIn(r.partner.email, TEST_PASSWORD);

    // «Hola,» opens without script (a <details> element); Integraciones is in it.
    await page.locator('.account-menu summary').click();
    await page.locator('.account-menu').getByRole('link', { name: 'Integraciones' }).click();
    expect(new URL(page.url()).pathname).toBe('/integrations');
    expect(await page.getByText('Todavía no hay tokens.').isVisible()).toBe(true);

    // Nothing ticked: refused, with the name kept.
    await page.getByLabel('Nombre').fill('Facturación');
    await page.getByRole('button', { name: 'Crear token' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Elige al menos un permiso.');
    expect(await page.getByLabel('Nombre').inputValue()).toBe('Facturación');

    await page.getByLabel(/accounts:read/).check();
    await page.getByLabel(/accounts:write/).check();
    await page.getByLabel('Vence').selectOption('30');
    await page.getByRole('button', { name: 'Crear token' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/integrations\/tokens\/\d+$/);
    const secret = await page.getByLabel('Token').inputValue();
    expect(secret).toMatch(/^cta_[A-Za-z0-9_-]{43}$/);

    const me = await fetch(`${env.server().baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { token: { name: string } }).token.name).toBe('Facturación');

    // Shown once: a reload no longer has it.
    await page.reload();
    expect(await page.content()).not.toContain(secret);
    expect(await page.getByText(/ya se mostró/).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Volver a Integraciones' }).click();
    await page.getByRole('link', { name: /Revocar/ }).click();
    await page.getByRole('button', { name: 'Sí, revocar «Facturación»' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Se revocó el token «Facturación»');
    expect(await page.getByText('Revocado').isVisible()).toBe(true);
    const after = await fetch(`${env.server().baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
  },
);
