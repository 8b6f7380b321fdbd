import type { Page } from 'playwright-core';
import { createAccount, createMember, TEST_PASSWORD } from '../helpers/factories';
import { linkInMail } from '../helpers/mail';
import { journey, newContext, useAppAndBrowser } from './browser';
import { Header, LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let ownerPage: Page | undefined;
let inviteePage: Page | undefined;

journey(
  'owner invites, the invitee registers with questions, then is blocked and lands on sign-in',
  () => inviteePage ?? ownerPage,
  async () => {
    const accountId = await createAccount(env.server().db, { name: 'ABC Company' });
    const owner = await createMember(env.server().db, { role: 'owner', accountId, firstName: 'Patricia' });
    ownerPage = await (await newContext(env.browser())).newPage();
    await ownerPage.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(ownerPage).signIn(owner.email, TEST_PASSWORD);

    // Hola menu → Administrar usuarios → Agregar usuario nuevo
    await new Header(ownerPage).openHolaMenu();
    await ownerPage.getByRole('link', { name: 'Administrar usuarios' }).click();
    await ownerPage.getByRole('link', { name: 'Agregar usuario nuevo' }).click();
    await ownerPage.getByLabel('Nombre', { exact: true }).fill('Gerardo');
    await ownerPage.getByLabel('Apellido').fill('Telecom');
    await ownerPage.getByLabel('Correo electrónico').fill('gerardo@abc.example');
    await ownerPage.getByLabel('Puesto').fill('Gerente de telecomunicaciones');
    await ownerPage.getByLabel(/^Tickets/).check();
    await ownerPage.getByRole('button', { name: 'Agregar usuario' }).click();
    expect(await ownerPage.getByRole('status').textContent()).toContain('gerardo@abc.example');
    await ownerPage.getByRole('link', { name: '← Administrar usuarios' }).click();
    const row = ownerPage.getByRole('row', { name: /Gerardo Telecom/ });
    expect(await row.getByText('Invitado').isVisible()).toBe(true);

    // The invitation e-mail, as the outbox holds it.
    const link = await linkInMail(env.server().db, 'invitation', 'gerardo@abc.example');
    inviteePage = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();
    await inviteePage.goto(`${env.server().baseUrl}${link}`);
    expect(await inviteePage.getByRole('heading', { level: 1 }).textContent()).toBe('Regístrate en Cuentas');
    await inviteePage.getByLabel('Contraseña', { exact: true }).fill('una frase larga para gerardo');
    await inviteePage.getByLabel('Confirma la contraseña').fill('una frase larga para gerardo');
    await inviteePage.getByLabel('Pregunta 1').selectOption('first_pet');
    await inviteePage.getByLabel('Respuesta 1').fill('Firulais');
    await inviteePage.getByLabel('Pregunta 2').selectOption('first_school');
    await inviteePage.getByLabel('Respuesta 2').fill('Benito Juárez');
    await inviteePage.getByLabel('Pregunta 3').selectOption('first_car');
    await inviteePage.getByLabel('Respuesta 3').fill('Vocho');
    await inviteePage.getByRole('button', { name: 'Crear mi cuenta' }).click();
    expect(new URL(inviteePage.url()).pathname).toBe('/');
    expect(await inviteePage.locator('details.account-menu > summary').textContent()).toBe('Hola, Gerardo');

    // The owner blocks him from his ⋯ menu.
    await ownerPage.reload();
    const blockRow = ownerPage.getByRole('row', { name: /Gerardo Telecom/ });
    expect(await blockRow.getByText('Activo').isVisible()).toBe(true);
    await blockRow.locator('details.row-menu > summary').click();
    await blockRow.getByRole('button', { name: 'Bloquear acceso al portal' }).click();
    expect(await ownerPage.getByRole('status').textContent()).toContain('Se bloqueó el acceso al portal de Gerardo');

    // His next page is the sign-in page, and signing in again is refused.
    await inviteePage.reload();
    expect(new URL(inviteePage.url()).pathname).toBe('/login');
    await new LoginPage(inviteePage).signIn('gerardo@abc.example', 'una frase larga para gerardo');
    expect(await inviteePage.getByRole('alert').first().textContent()).toContain('no son correctos');
  },
);
