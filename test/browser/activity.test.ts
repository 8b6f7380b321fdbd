/* Issue 22, item 12: the owner filters «Actividad de la cuenta» and downloads what it shows, on a phone, without JavaScript. */
import type { Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { createAccount, createAuditEvents, createMember, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { Header, LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

journey(
  'the owner sees what changed, filters the log by action and dates, and downloads what the filter shows',
  () => page,
  async () => {
    const { db, baseUrl } = env.server();
    const accountId = await createAccount(db, { name: 'ABC Company' });
    await db('accounts').where({ id: accountId }).update({ time_zone: 'America/Mexico_City' });
    const owner = await createMember(db, { role: 'owner', accountId, firstName: 'Patricia' });
    await createAuditEvents(db, accountId, [
      {
        action: 'account.updated',
        actorUserId: owner.id,
        createdAt: '2026-11-20T18:00:00Z',
        changes: [{ field: 'inbound_trunks', before: 50, after: 60 }],
      },
      {
        action: 'contact.created',
        actorUserId: owner.id,
        createdAt: '2026-12-01T18:00:00Z',
        metadata: { email: 'nandu@abc.example' },
      },
      {
        action: 'user.invited',
        actorUserId: owner.id,
        createdAt: '2026-12-02T18:00:00Z',
        metadata: { email: 'ines@abc.example' },
        failed: 'mail_refused',
      },
    ]);

    page = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();
    await page.goto(`${baseUrl}/login`);
    await new LoginPage(page).signIn(owner.email, TEST_PASSWORD);
    await new Header(page).openHolaMenu();
    await page.getByRole('link', { name: 'Actividad de la cuenta' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Actividad de la cuenta');
    const log = page.locator('ol.activity');
    expect(await log.textContent()).toContain('Troncales entrantes: 50 → 60');
    expect(await log.textContent()).toContain('no pudo enviar la invitación');
    expect(await log.textContent()).toContain('El servidor de correo rechazó el mensaje.');

    // «Hasta» before «Desde»: the form again (422), the message beside the field.
    await page.getByLabel('Desde').fill('2026-12-01');
    await page.getByLabel('Hasta').fill('2026-11-30');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    expect(await page.locator('#error-to').textContent()).toContain('Debe ser igual o posterior');

    await page.getByLabel('Acción').selectOption({ label: 'agregó un contacto' });
    await page.getByLabel('Hasta').fill('2026-12-01');
    await page.getByRole('button', { name: 'Filtrar' }).click();
    expect(new URL(page.url()).searchParams.get('action')).toBe('contact.created');
    expect(await log.textContent()).toContain('nandu@abc.example');
    expect(await log.textContent()).not.toContain('Troncales entrantes');
    const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
    expect(width).toBeLessThanOrEqual(390);

    const link = page.getByRole('link', { name: 'Descargar lo que se muestra (CSV)' });
    const href = await link.getAttribute('href');
    expect(href).toBe('/activity/export?action=contact.created&from=2026-12-01&to=2026-12-01');
    const csv = await page.context().request.get(`${baseUrl}${href}`);
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="actividad-/);
    const rows: string[][] = parse(await csv.text(), { bom: true });
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(0, 5)).toEqual([
      '2026-12-01T12:00:00-06:00',
      'Patricia Usuario',
      owner.email,
      'agregó un contacto',
      'nandu@abc.example',
    ]);

    await page.getByRole('link', { name: 'Quitar filtros' }).click();
    expect(await log.textContent()).toContain('Troncales entrantes: 50 → 60');
  },
);
