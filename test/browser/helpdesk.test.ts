import type { Page } from 'playwright-core';
import { createAccount, createContactRow, createMember, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { Header, LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let memberPage: Page | undefined;
let staffPage: Page | undefined;

journey(
  'a member opens a ticket and puts a colleague in copy, the helpdesk answers from the console, the member reads the answer',
  () => staffPage ?? memberPage,
  async () => {
    const accountId = await createAccount(env.server().db, { name: 'ABC Company' });
    await createMember(env.server().db, { role: 'owner', accountId });
    const member = await createMember(env.server().db, {
      role: 'member',
      permissions: ['tickets'],
      accountId,
      firstName: 'Teresa',
    });
    await createContactRow(env.server().db, accountId, {
      firstName: 'Carla',
      lastName: 'Ruiz',
      email: 'carla@abc.test',
    });
    const platform = await createAccount(env.server().db, { kind: 'platform', name: 'Cuentas', sections: [] });
    const agent = await createMember(env.server().db, { role: 'member', accountId: platform, firstName: 'Sofía' });

    memberPage = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();
    await memberPage.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(memberPage).signIn(member.email, TEST_PASSWORD);
    await new Header(memberPage).navLinks().filter({ hasText: 'Tickets' }).click();
    await memberPage.getByRole('link', { name: 'Abrir ticket' }).click();
    await memberPage.getByLabel('Departamento').selectOption('billing');
    await memberPage.getByLabel('Asunto').fill('Cargo duplicado');
    await memberPage.getByLabel('Mensaje').fill('Nos cobraron dos veces el servicio de noviembre.');
    await memberPage.getByRole('button', { name: 'Abrir ticket' }).click();
    const number = /\/tickets\/(\d{6})$/.exec(memberPage.url())![1];
    expect(await memberPage.getByRole('status').textContent()).toContain(`#${number}`);

    // «Personas en copia»: a contact of the account, by e-mail; listed, then removed.
    const copies = memberPage.locator('#copies');
    await copies.getByLabel('Correo del contacto').fill('carla@abc.test');
    await copies.getByRole('button', { name: 'Añadir en copia' }).click();
    expect(await memberPage.getByRole('status').textContent()).toContain('Carla Ruiz está en copia');
    expect(await copies.locator('li').allTextContents()).toEqual([expect.stringContaining('carla@abc.test')]);
    await copies.getByRole('button', { name: 'Quitar a Carla Ruiz de la copia' }).click();
    expect(await memberPage.getByRole('status').textContent()).toContain('Carla Ruiz ya no está en copia.');
    expect(await copies.textContent()).toContain('Nadie está en copia.');

    staffPage = await (await newContext(env.browser())).newPage();
    await staffPage.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(staffPage).signIn(agent.email, TEST_PASSWORD);
    expect(new URL(staffPage.url()).pathname).toBe('/staff');
    await staffPage.getByRole('link', { name: 'Cargo duplicado' }).click();
    expect(await staffPage.locator('.requester').textContent()).toContain('Autorizado');
    await staffPage.getByLabel('Mensaje').fill('Ya aplicamos la nota de crédito por el cargo duplicado.');
    await staffPage.getByRole('button', { name: 'Enviar respuesta' }).click();
    expect(await staffPage.getByRole('status').textContent()).toContain('Enviamos tu respuesta');

    await memberPage.reload();
    const conversation = await memberPage.locator('.conversation').textContent();
    expect(conversation).toContain('Ya aplicamos la nota de crédito por el cargo duplicado.');
    expect(conversation).toContain('Mesa de ayuda');
    expect(await memberPage.locator('.badge--ticket-answered').first().textContent()).toBe('Respondido');
  },
);
