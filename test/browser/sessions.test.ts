import type { Page } from 'playwright-core';
import { createMember, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { LoginPage } from './pages/login-page';

/** Issue 22, item 11: «Sesiones y dispositivos», with JavaScript off. */

const env = useAppAndBrowser();
let page: Page | undefined;
let other: Page | undefined;

afterEach(async () => {
  await page?.context().close();
  await other?.context().close();
  page = other = undefined;
});

const path = (p: Page) => new URL(p.url()).pathname;
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

journey(
  'signed in twice, the first browser ends the other session and the second is signed out at its next click',
  () => page,
  async () => {
    const owner = await createMember(env.server().db, { role: 'owner', firstName: 'Sara' });
    const base = env.server().baseUrl;
    page = await (await newContext(env.browser())).newPage();
    other = await (
      await env.browser().newContext({ javaScriptEnabled: false, locale: 'es-MX', userAgent: FIREFOX_WINDOWS })
    ).newPage();

    await page.goto(`${base}/login`);
    await new LoginPage(page).signIn(owner.email, TEST_PASSWORD);
    await other.goto(`${base}/login`);
    await new LoginPage(other).signIn(owner.email, TEST_PASSWORD);
    expect(path(other)).toBe('/');

    // From Mi perfil to the sessions page: this browser is «Este dispositivo», the other is Firefox.
    await page.goto(`${base}/profile`);
    await page.getByRole('link', { name: 'Sesiones y dispositivos' }).click();
    expect(path(page)).toBe('/profile/sessions');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sesiones y dispositivos');
    const sessions = page.locator('.sessions__item');
    expect(await sessions.count()).toBe(2);
    expect(await sessions.first().textContent()).toContain('Este dispositivo');
    const firefox = sessions.filter({ hasText: 'Firefox 128 en Windows 10' });
    expect(await firefox.count()).toBe(1);

    await firefox.getByRole('button', { name: /^Cerrar sesión/ }).click();
    expect(path(page)).toBe('/profile/sessions');
    expect(await page.locator('.flash').textContent()).toContain('Cerramos esa sesión');
    expect(await page.locator('.sessions__item').count()).toBe(1);

    // The other browser's next click lands on the sign-in page.
    await other.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Inicio' }).click();
    expect(path(other)).toBe('/login');
    // This one is still signed in.
    await page.goto(`${base}/`);
    expect(path(page)).toBe('/');
  },
);
