import type { Page } from 'playwright-core';
import {
  createAccount,
  createAccountNumber,
  createCreditEntry,
  createCustomerOf,
  createMember,
  createPlatformStaff,
  createReseller,
  createTicketRow,
  TEST_PASSWORD,
} from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { LoginPage } from './pages/login-page';

const env = useAppAndBrowser();
let page: Page | undefined;

journey(
  'every main page fits a phone screen, with no sideways scrolling',
  () => page,
  async () => {
    const { db } = env.server();
    const accountId = await createAccount(db, { name: 'Una empresa con un nombre bastante largo' });
    const owner = await createMember(db, { role: 'owner', accountId, firstName: 'Patricia' });
    await createMember(db, {
      role: 'member',
      permissions: ['tickets'],
      accountId,
      email: 'una.direccion.de.correo.muy.larga@empresa-con-dominio-largo.example',
    });
    const number = await createAccountNumber(db, accountId);
    const numberId = (await db('account_numbers').where({ number }).first('id')).id;
    await db('services').insert({
      account_id: accountId,
      account_number_id: numberId,
      name: 'Internet dedicado 200 Mbps con respaldo',
      status: 'active',
      price_cents: 589000,
    });
    await db('invoices').insert({
      account_id: accountId,
      account_number_id: numberId,
      number: 'FAC-LARGA-000001',
      issued_on: '2026-11-01',
      due_on: '2026-11-30',
      total_cents: 589000,
      status: 'unpaid',
    });
    await db('contacts').insert({
      account_id: accountId,
      first_name: 'Contacto',
      last_name: 'Con Apellidos Largos',
      email: 'contacto.con.apellidos@empresa-con-dominio-largo.example',
      email_types: ['general', 'invoice', 'support'],
    });

    page = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();
    await page.goto(`${env.server().baseUrl}/login`);
    await new LoginPage(page).signIn(owner.email, TEST_PASSWORD);
    const wide: string[] = [];
    for (const path of [
      '/',
      '/users',
      '/users/new',
      '/contacts',
      '/contacts/new',
      '/services',
      '/invoices',
      '/invoices/FAC-LARGA-000001',
      '/tickets',
      '/tickets/new',
      '/emails',
      '/account',
      '/company',
      '/profile',
      '/profile/sessions',
    ]) {
      const response = await page.goto(`${env.server().baseUrl}${path}`);
      expect(response?.status()).toBe(200);
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      if (width > 390) wide.push(`${path}: ${width}px`);
    }
    expect(wide).toEqual([]);
  },
);

type Measure = { width: number; clipped: string[]; culprits: string };

/** Where a page is wider than the screen, and which main-menu items are cut off. */
async function measure(target: Page): Promise<Measure> {
  return target.evaluate<Measure>(`(() => {
    let width = document.documentElement.scrollWidth;
    // A table that scrolls inside its box, or a cell drawn over its neighbour, is as wide as its content.
    for (const box of document.querySelectorAll('.table-wrap, td, th'))
      if (box.scrollWidth > box.clientWidth + 1) width = Math.max(width, window.innerWidth + box.scrollWidth - box.clientWidth);
    const clipped = [];
    for (const link of document.querySelectorAll('.main-nav a')) {
      const box = link.getBoundingClientRect();
      const list = link.closest('ul').getBoundingClientRect();
      if (box.right > list.right + 0.5 || box.left < list.left - 0.5 || box.right > window.innerWidth)
        clipped.push(link.textContent.trim());
    }
    for (const list of document.querySelectorAll('.main-nav ul'))
      if (list.scrollWidth > list.clientWidth + 1) clipped.push('the menu scrolls: ' + list.scrollWidth + ' > ' + list.clientWidth);
    // What sticks out, to say where to look: the innermost elements past the screen's right edge.
    const culprits = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 || el.scrollWidth > el.clientWidth + 1)
      .filter((el) => !el.querySelector('*') || el.matches('td, th, .table-wrap, table, dl, form'))
      .slice(0, 4)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''))
      .join(' ');
    return { width, clipped, culprits };
  })()`);
}

journey(
  'for every role, the menu pages and the account, ledger, ticket and held-request pages fit 390 px, and no menu item is cut off at 1280 px',
  () => page,
  async () => {
    const { db, baseUrl } = env.server();
    const acme = await createReseller(db, { name: 'Acme Telecomunicaciones Integrales del Norte' });
    const customerId = await createCustomerOf(db, acme.resellerId, {
      name: 'Ñandú Servicios Empresariales Integrales S.A. de C.V.',
      trunks: { inbound: 3, outbound: 2, twoway: 1 },
    });
    await createCreditEntry(db, customerId, 1234567, 'Abono inicial por transferencia bancaria con referencia larga');
    await createCreditEntry(db, customerId, -34500, 'Cargo por consumo del periodo de noviembre');
    const admin = await createPlatformStaff(db, acme.platformId, 'owner');
    const agent = await createPlatformStaff(db, acme.platformId, 'member');
    const customerOwner = await createMember(db, { role: 'owner', accountId: customerId, firstName: 'Begoña' });
    const ticket = await createTicketRow(db, {
      accountId: customerId,
      requesterEmail: customerOwner.email,
      openedByUserId: customerOwner.id,
      subject: 'La troncal de salida rechaza las llamadas internacionales desde ayer por la tarde',
    });
    const [held] = await db('inbound_messages')
      .insert({
        message_id: '<retenido-1@cliente-con-dominio-largo.example>',
        from_email: 'una.persona.con.correo.muy.largo@cliente-con-dominio-largo.example',
        from_name: 'Una Persona Con Un Nombre Bastante Largo',
        subject: 'No funciona el servicio de telefonía desde la mañana de hoy en la oficina central',
        body: 'Hola, no funciona.',
        in_reply_to: '',
        references_header: '',
        status: 'held',
        hold_reason: 'unknown_sender',
        sender_verified: true,
        authentication: '',
      })
      .returning('id');
    const heldId = (held as { id: number }).id;

    const roles: { who: string; email: string; extra: string[] }[] = [
      { who: 'owner', email: customerOwner.email, extra: [`/tickets/${ticket.number}`] },
      {
        who: 'partner',
        email: acme.partner.email,
        extra: [`/manager/accounts/${customerId}`, `/manager/accounts/${customerId}/credit`],
      },
      {
        who: 'platform admin',
        email: admin.email,
        extra: [`/manager/accounts/${acme.resellerId}`, `/manager/accounts/${acme.resellerId}/credit`],
      },
      {
        who: 'helpdesk',
        email: agent.email,
        extra: [`/staff/tickets/${ticket.number}`, '/staff/requests', `/staff/requests/${heldId}`],
      },
    ];
    const wide: string[] = [];
    const clipped: string[] = [];
    for (const role of roles) {
      const context = await newContext(env.browser(), { width: 390, height: 844 });
      page = await context.newPage();
      await page.goto(`${baseUrl}/login`);
      await new LoginPage(page).signIn(role.email, TEST_PASSWORD);
      const links = page.locator('.main-nav a, details.account-menu li a');
      const menu: string[] = [];
      for (const link of await links.all()) menu.push((await link.getAttribute('href')) ?? '');
      expect(menu.length).toBeGreaterThan(0);
      // The language link changes the user's language: the pages are measured in Spanish.
      for (const path of [...new Set([...menu, ...role.extra])].filter((href) => !href.startsWith('/language'))) {
        const response = await page.goto(`${baseUrl}${path}`);
        expect(`${path}: ${response?.status()}`).toBe(`${path}: 200`);
        const { width, culprits } = await measure(page);
        if (width > 390) wide.push(`${role.who} ${path}: ${width}px (${culprits})`);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${baseUrl}/profile`);
      for (const item of (await measure(page)).clipped) clipped.push(`${role.who}: ${item}`);
      await context.close();
      page = undefined;
    }
    expect({ wide, clipped }).toEqual({ wide: [], clipped: [] });
  },
);
