import type { Page } from 'playwright-core';
import { createAccount, createMember, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

journey(
  'a member opens a ticket with a file and replies with another, without JavaScript',
  () => page,
  async () => {
    const accountId = await createAccount(env.server().db, { name: 'ABC Company' });
    await createMember(env.server().db, { role: 'owner', accountId });
    const member = await createMember(env.server().db, { role: 'member', permissions: ['tickets'], accountId });

    page = await (await newContext(env.browser())).newPage();
    await page.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(page).signIn(member.email, TEST_PASSWORD);
    await page.goto(`${env.server().baseUrl}/tickets/new`);
    await page.getByLabel('Asunto').fill('Sin tono en la troncal');
    await page.getByLabel('Mensaje').fill('Adjunto la captura del panel.');
    await page.getByLabel('Adjuntar archivos').setInputFiles({
      name: 'captura-panel.png',
      mimeType: 'image/png',
      buffer: Buffer.from('89504e470d0a1a0a', 'hex'),
    });
    await page.getByRole('button', { name: 'Abrir ticket' }).click();
    expect(page.url()).toMatch(/\/tickets\/\d{6}$/);
    const files = page.getByRole('list', { name: 'Adjuntos' });
    expect(await files.getByRole('link', { name: 'captura-panel.png' }).getAttribute('href')).toMatch(
      /\/attachments\/\d+$/,
    );

    await page.getByLabel('Mensaje').fill('Y el registro del equipo.');
    await page.getByLabel('Adjuntar archivos').setInputFiles({
      name: 'registro.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('linea 1\nlinea 2\n'),
    });
    await page.getByRole('button', { name: 'Enviar respuesta' }).click();
    const conversation = await page.locator('.conversation').textContent();
    expect(conversation).toContain('Y el registro del equipo.');
    expect(conversation).toContain('registro.txt');
  },
);
