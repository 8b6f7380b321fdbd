import type { Page } from 'playwright-core';
import { createAccount, createMember, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { Header, LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

afterEach(async () => {
  await page?.context().close();
  page = undefined;
});

journey(
  'signs in without JavaScript, opens the Hola menu and signs out',
  () => page,
  async () => {
    const owner = await createMember(env.server().db, { role: 'owner', firstName: 'Patricia' });
    page = await (await newContext(env.browser())).newPage();

    await page.goto(`${env.server().baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    const login = new LoginPage(page);
    expect(await login.heading().textContent()).toBe('Iniciar sesión');

    await login.signIn(owner.email, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    const header = new Header(page);
    expect(await header.holaMenu().locator('summary').textContent()).toBe('Hola, Patricia');
    expect(await header.holaMenu().getAttribute('open')).toBeNull();
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).isVisible()).toBe(false);

    await header.openHolaMenu();
    expect(await header.holaMenu().getAttribute('open')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).isVisible()).toBe(true);

    await header.signOut();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('status').textContent()).toContain('Cerraste sesión');
    await page.goto(`${env.server().baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
  },
);

journey(
  'shows a tickets-only member only what they may use, and refuses the rest with a 403 page',
  () => page,
  async () => {
    const accountId = await createAccount(env.server().db);
    await createMember(env.server().db, { role: 'owner', accountId });
    const member = await createMember(env.server().db, {
      role: 'member',
      permissions: ['tickets'],
      accountId,
      firstName: 'Teresa',
    });
    page = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();

    await page.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(page).signIn(member.email, TEST_PASSWORD);
    const header = new Header(page);
    expect(await header.navLinks().allTextContents()).toEqual(['Inicio', 'Tickets']);
    await header.openHolaMenu();
    const items = await header.menuLinks().allTextContents();
    expect(items.join('|')).not.toMatch(/Contactos|Administrar usuarios|Cambiar de cuenta/);
    expect(await page.getByRole('heading', { name: 'Tickets' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Facturas' }).count()).toBe(0);

    const response = await page.goto(`${env.server().baseUrl}/emails`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('No tienes permiso');
  },
);

journey(
  'keeps what was typed and explains the problem beside the field',
  () => page,
  async () => {
    page = await (await newContext(env.browser())).newPage();
    await page.goto(`${env.server().baseUrl}/login`);
    await page.getByLabel('Correo electrónico').fill('alguien@example.test');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    expect(await page.getByLabel('Correo electrónico').inputValue()).toBe('alguien@example.test');
    expect(await page.locator('#error-password').textContent()).toBe('Escribe tu contraseña.');
    expect(await page.getByLabel('Contraseña').getAttribute('aria-describedby')).toBe('error-password');
  },
);
