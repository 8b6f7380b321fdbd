import type { Page } from 'playwright-core';
import { createReseller, TEST_PASSWORD } from '../helpers/factories';
import { startReceiver } from '../helpers/webhooks';
import { createWebhookDeliverer } from '../../src/services/webhooks/deliver';
import { emitAccountEvent } from '../../src/services/webhooks/emit';
import { journey, newContext, useAppAndBrowser } from './browser';
import { LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

journey(
  'a reseller owner adds a webhook with JavaScript off, sees a delivery and its answer, and sends it again',
  () => page,
  async () => {
    const { db, deps } = env.server();
    const r = await createReseller(db, { name: 'Acme Telecom', firstName: 'Sergio' });
    let secret = '';
    const receiver = await startReceiver(
      () => secret,
      (n) => (n === 1 ? { status: 503, body: 'mantenimiento, vuelve luego' } : { status: 200, body: 'recibido' }),
    );
    try {
      page = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();
      await page.goto(`${env.server().baseUrl}/login`);
      await new LoginPage(page).signIn(r.partner.email, TEST_PASSWORD);
      await page.goto(`${env.server().baseUrl}/integrations`);
      expect(await page.getByText('Todavía no hay webhooks.').isVisible()).toBe(true);

      await page.getByLabel('URL').fill(receiver.url);
      await page.getByRole('button', { name: 'Agregar webhook' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Elige al menos un evento.');
      expect(await page.getByLabel('URL').inputValue()).toBe(receiver.url);

      await page.getByLabel(/account\.updated/).check();
      await page.getByRole('button', { name: 'Agregar webhook' }).click();
      expect(new URL(page.url()).pathname).toMatch(/^\/integrations\/webhooks\/\d+$/);
      secret = await page.getByLabel('Secreto de firma').inputValue();
      expect(secret).toMatch(/^whsec_/);
      expect(await page.getByText('Todavía no hay entregas.').isVisible()).toBe(true);

      await emitAccountEvent(deps, 'account.updated', r.resellerId);
      await createWebhookDeliverer({ deps }).deliverDue();
      await page.reload();
      expect(await page.content()).not.toContain(secret);
      const row = page.locator('tbody tr').first();
      expect(await row.textContent()).toContain('account.updated');
      expect(await row.textContent()).toContain('HTTP 503');
      expect(await row.textContent()).toContain('mantenimiento, vuelve luego');

      await row.getByRole('button', { name: /Reenviar/ }).click();
      expect(await page.getByRole('status').textContent()).toContain('La entrega se enviará de nuevo');
      await createWebhookDeliverer({ deps }).deliverDue();
      await page.reload();
      const after = await page.locator('tbody tr').first().textContent();
      expect(after).toContain('Entregado');
      expect(after).toContain('HTTP 200');
      expect(after).toContain('recibido');
      expect(receiver.received.map((x) => x.verified !== null)).toEqual([true, true]);
    } finally {
      await receiver.close();
    }
  },
);
