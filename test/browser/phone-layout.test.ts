import type { Page } from 'playwright-core';
import { createAccount, createAccountNumber, createMember, TEST_PASSWORD } from '../helpers/factories';
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
    ]) {
      const response = await page.goto(`${env.server().baseUrl}${path}`);
      expect(response?.status()).toBe(200);
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      if (width > 390) wide.push(`${path}: ${width}px`);
    }
    expect(wide).toEqual([]);
  },
);
