import type { Page } from 'playwright-core';
import { createMember, TEST_PASSWORD } from '../helpers/factories';
import { totpCode } from '../helpers/two-factor';
import { journey, newContext, useAppAndBrowser } from './browser';
import { Header, LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

afterEach(async () => {
  await page?.context().close();
  page = undefined;
});

const path = (p: Page) => new URL(p.url()).pathname;

journey(
  'turns on two-step verification, then signs in with a code and with a recovery code, without JavaScript',
  () => page,
  async () => {
    const owner = await createMember(env.server().db, { role: 'owner', firstName: 'Paula' });
    page = await (await newContext(env.browser())).newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    const login = new LoginPage(page);
    const header = new Header(page);

    await page.goto(`${env.server().baseUrl}/login`);
    await login.signIn(owner.email, TEST_PASSWORD);
    expect(path(page)).toBe('/');

    // Turn it on under Mi perfil: the QR code shows (an SVG drawn on the server), the key is text.
    await page.goto(`${env.server().baseUrl}/profile`);
    await page.getByRole('link', { name: 'Verificación en dos pasos' }).click();
    expect(path(page)).toBe('/profile/two-factor');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Verificación en dos pasos');
    const qr = page.getByRole('img', { name: 'Código QR para agregar Cuentas a tu app de autenticación' });
    expect(await qr.isVisible()).toBe(true);
    // Loaded and decoded: a data: image blocked by the CSP, or a broken SVG, has no natural width.
    expect(await qr.evaluate((img) => (img as { naturalWidth?: number }).naturalWidth)).toBeGreaterThan(0);
    expect(refused).toEqual([]);
    const secret = (await page.locator('#two-factor-secret').textContent())!.replace(/ /g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel('Código de la app').fill('000000');
    await page.getByRole('button', { name: 'Activar' }).click();
    expect(await page.locator('#error-code').textContent()).toContain('El código no es correcto');
    await page.getByLabel('Código de la app').fill(await totpCode(secret));
    await page.getByRole('button', { name: 'Activar' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Guarda tus códigos de recuperación');
    const recoveryCodes = await page.locator('ol.recovery-codes code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('link', { name: 'Ya los guardé, continuar' }).click();
    expect(await page.locator('.badge').first().textContent()).toBe('Activada');

    // Sign out, sign in again: the password, then the code from the app.
    await header.openHolaMenu();
    await header.signOut();
    await login.signIn(owner.email, TEST_PASSWORD);
    expect(path(page)).toBe('/login/two-factor');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Verificación en dos pasos');
    await page.goto(`${env.server().baseUrl}/`);
    expect(path(page)).toBe('/login/two-factor');
    await page.getByLabel('Código', { exact: true }).fill(await totpCode(secret, 1));
    await page.getByRole('button', { name: 'Verificar' }).click();
    expect(path(page)).toBe('/');
    expect(await header.holaMenu().locator('summary').textContent()).toBe('Hola, Paula');

    // And once more with a recovery code instead of the phone.
    await header.openHolaMenu();
    await header.signOut();
    await login.signIn(owner.email, TEST_PASSWORD);
    await page.getByLabel('Código', { exact: true }).fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Verificar' }).click();
    expect(path(page)).toBe('/');
    expect(await page.getByRole('status').textContent()).toContain('Usaste un código de recuperación');
    expect(await page.getByRole('status').textContent()).toContain('Te quedan 9');

    // That recovery code does not work a second time.
    await header.openHolaMenu();
    await header.signOut();
    await login.signIn(owner.email, TEST_PASSWORD);
    await page.getByLabel('Código', { exact: true }).fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Verificar' }).click();
    expect(path(page)).toBe('/login/two-factor');
    expect(await page.locator('#error-code').textContent()).toContain('ya se usó');
  },
);
