import type { Page } from 'playwright-core';
import { createAccount, createContact, createMember, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { FirstSignInPage, Header, LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

journey(
  'the owner creates a sub-account with only Servicios; the sub-user sees Servicios and nothing else',
  () => page,
  async () => {
    const accountId = await createAccount(env.server().db, { name: 'ABC Company' });
    const owner = await createMember(env.server().db, { role: 'owner', accountId, firstName: 'Patricia' });
    page = await (await newContext(env.browser())).newPage();
    await page.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(page).signIn(owner.email, TEST_PASSWORD);

    const header = new Header(page);
    await header.openHolaMenu();
    await page.getByRole('link', { name: 'Contactos/Sub-cuentas' }).click();
    await page.getByRole('link', { name: 'Añadir nuevo contacto' }).click();
    await page.getByLabel('Nombre', { exact: true }).fill('Samuel');
    await page.getByLabel('Apellido').fill('Servicios');
    await page.getByLabel('Empresa', { exact: true }).fill('ABC Company');
    await page.getByLabel('Correo electrónico').fill('samuel@abc.example');
    await page.getByLabel('Teléfono').fill('+52 55 5555 0199');
    await page.getByLabel('Dirección', { exact: true }).fill('Av. Reforma 222');
    await page.getByLabel('Ciudad', { exact: true }).fill('Ciudad de México');
    await page.getByLabel('Estado', { exact: true }).fill('CDMX');
    await page.getByLabel('Código postal').fill('06600');
    await page.getByLabel('País').selectOption('MX');
    await page.getByLabel('Sub-cuenta activada').check();
    await page.getByLabel(/^Servicios/).check();
    // «Generar otra» re-renders the form without script, keeping what was typed.
    const first = await page.getByLabel('Contraseña', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'Generar otra' }).click();
    const password = await page.getByLabel('Contraseña', { exact: true }).inputValue();
    expect(password).not.toBe(first);
    expect(await page.getByLabel('Correo electrónico').inputValue()).toBe('samuel@abc.example');
    expect(await page.getByLabel('Sub-cuenta activada').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Guardar cambios' }).last().click();
    expect(new URL(page.url()).pathname).toBe('/contacts');
    expect(
      await page
        .getByRole('row', { name: /Samuel Servicios/ })
        .getByText('Sub-cuenta')
        .isVisible(),
    ).toBe(true);

    await header.openHolaMenu();
    await header.signOut();
    await new LoginPage(page).signIn('samuel@abc.example', password);
    // The owner chose the password; Samuel chooses his own and his security questions before anything else.
    expect(new URL(page.url()).pathname).toBe('/profile/security-questions');
    await new FirstSignInPage(page).complete(password, 'la frase propia de samuel');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await header.navLinks().allTextContents()).toEqual(['Inicio', 'Servicios']);
    await header.openHolaMenu();
    const menu = (await header.menuLinks().allTextContents()).join('|');
    expect(menu).not.toMatch(/Contactos|Administrar usuarios/);
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Servicios' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Servicios');

    const response = await page.goto(`${env.server().baseUrl}/invoices`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('No tienes permiso');
  },
);

journey(
  'the owner deletes a contact only after a page that asks first, without script',
  () => page,
  async () => {
    const db = env.server().db;
    const accountId = await createAccount(db, { name: 'Borrar SA' });
    const owner = await createMember(db, { role: 'owner', accountId, firstName: 'Patricia' });
    const contact = await createContact(db, accountId, { firstName: 'Pedro', lastName: 'Plano' });
    page = await (await newContext(env.browser())).newPage();
    await page.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(page).signIn(owner.email, TEST_PASSWORD);
    await page.goto(`${env.server().baseUrl}/contacts/${contact}/edit`);
    await page.getByRole('link', { name: 'Eliminar contacto' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('¿Eliminar a Pedro Plano?');
    await page.getByRole('link', { name: 'No, volver' }).click();
    expect(new URL(page.url()).pathname).toBe(`/contacts/${contact}/edit`);
    await page.getByRole('link', { name: 'Eliminar contacto' }).click();
    await page.getByRole('button', { name: 'Sí, eliminar contacto' }).click();
    expect(new URL(page.url()).pathname).toBe('/contacts');
    expect(await page.getByRole('status').textContent()).toContain('Se eliminó a Pedro Plano.');
  },
);
