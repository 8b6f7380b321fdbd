import type { Page } from 'playwright-core';
import { createCustomerOf, createReseller, TEST_PASSWORD } from '../helpers/factories';
import { journey, newContext, useAppAndBrowser } from './browser';
import { FirstSignInPage, Header, LoginPage } from './pages/login-page';
import { AccountWizard, ManagerPage } from './pages/manager-pages';

const env = useAppAndBrowser();
let partnerPage: Page | undefined;
let adminPage: Page | undefined;

journey(
  'a partner lands on the manager, creates an account with its admin through every step (using Atrás once), and the admin sees only the enabled sections',
  () => adminPage ?? partnerPage,
  async () => {
    const { db, baseUrl } = env.server();
    const acme = await createReseller(db, {
      name: 'Acme Telecom',
      firstName: 'Sergio',
      pool: { inbound: 50, outbound: 50, twoway: 20 },
    });
    await createCustomerOf(db, acme.resellerId, {
      name: 'ABC Company',
      trunks: { inbound: 10, outbound: 10, twoway: 5 },
    });

    partnerPage = await (await newContext(env.browser())).newPage();
    await partnerPage.goto(`${baseUrl}/login`);
    await new LoginPage(partnerPage).signIn(acme.partner.email, TEST_PASSWORD);
    expect(new URL(partnerPage.url()).pathname).toBe('/manager');
    const manager = new ManagerPage(partnerPage);
    expect(await manager.heading().textContent()).toBe('Administrador de cuentas');
    expect(await new Header(partnerPage).navLinks().allTextContents()).toContain('Administrador de cuentas');

    await manager.addAccount();
    const wizard = new AccountWizard(partnerPage);
    expect(await wizard.stepTitle().textContent()).toBe('Cuenta');
    await wizard.fillAccount({
      name: 'Zeta Comunicaciones',
      admin: {
        first: 'Zoe',
        last: 'Zamora',
        email: 'zoe@zeta.example',
        phone: '+52 81 5555 0101',
        password: 'una frase larga para zoe',
      },
    });
    await wizard.next();

    expect(await wizard.stepTitle().textContent()).toBe('Restricciones de llamadas');
    expect(await partnerPage.getByText('Disponibles: 40 de 50.').count()).toBe(2);
    await wizard.fillRestrictions({ inbound: 2, outbound: 2, twoway: 1, credit: '500' });
    await wizard.back();

    // Atrás: the step «Cuenta» again, everything kept; the password only as «ya escribiste».
    expect(await wizard.stepTitle().textContent()).toBe('Cuenta');
    expect(await wizard.field('Nombre de la cuenta').inputValue()).toBe('Zeta Comunicaciones');
    expect(await wizard.field('Correo electrónico').inputValue()).toBe('zoe@zeta.example');
    expect(await wizard.field('Contraseña escrita').inputValue()).toBe('');
    expect(await partnerPage.getByText('Ya escribiste una contraseña').isVisible()).toBe(true);
    await wizard.next();

    expect(await wizard.field('Troncales entrantes').inputValue()).toBe('2');
    expect(await wizard.field('Crédito a agregar').inputValue()).toBe('500');
    await wizard.next();

    expect(await wizard.stepTitle().textContent()).toBe('Contactos de soporte');
    expect(await wizard.supportContacts().allInnerTexts()).toEqual([expect.stringContaining(acme.partner.email)]);
    await wizard.addSupportEmail('soporte@zeta.example');
    expect(await wizard.supportContacts().count()).toBe(2);
    await wizard.next();

    expect(await wizard.stepTitle().textContent()).toBe('Permisos');
    await wizard.keepSections(['Servicios', 'Tickets']);
    await wizard.next();

    expect(await wizard.stepTitle().textContent()).toBe('Revisar');
    const review = await partnerPage.locator('.wizard').innerText();
    expect(review).toContain('Zeta Comunicaciones');
    expect(review).toContain('zoe@zeta.example');
    expect(review).toContain('soporte@zeta.example');
    await wizard.create();

    expect(new URL(partnerPage.url()).pathname).toMatch(/^\/manager\/accounts\/\d+$/);
    expect(await partnerPage.getByRole('status').textContent()).toContain('Se creó la cuenta «Zeta Comunicaciones».');
    expect(await manager.selectedName().textContent()).toBe('Zeta Comunicaciones');
    expect(await manager.detailHeading().textContent()).toBe('Zeta Comunicaciones');

    await new Header(partnerPage).openHolaMenu();
    await new Header(partnerPage).signOut();
    expect(new URL(partnerPage.url()).pathname).toBe('/login');

    adminPage = await (await newContext(env.browser())).newPage();
    await adminPage.goto(`${baseUrl}/login`);
    await new LoginPage(adminPage).signIn('zoe@zeta.example', 'una frase larga para zoe');
    // The partner chose Zoe's password: she chooses her own and her security questions first.
    const firstSignIn = new FirstSignInPage(adminPage);
    expect(firstSignIn.path()).toBe('/profile/security-questions');
    await firstSignIn.complete('una frase larga para zoe', 'la frase propia de zoe');
    expect(new URL(adminPage.url()).pathname).toBe('/');
    expect(await new Header(adminPage).navLinks().allTextContents()).toEqual(['Inicio', 'Servicios', 'Tickets']);
    expect(await adminPage.locator('details.account-menu .account-menu__account').textContent()).toBe(
      'Zeta Comunicaciones',
    );
  },
);

let phonePage: Page | undefined;

journey(
  'on a phone the list comes above the selected account, and no manager page scrolls sideways',
  () => phonePage,
  async () => {
    const { db, baseUrl } = env.server();
    const r = await createReseller(db, { name: 'Reseller con un nombre bastante largo' });
    const customer = await createCustomerOf(db, r.resellerId, {
      name: 'Una empresa cliente con un nombre bastante largo',
      trunks: { inbound: 3, outbound: 2, twoway: 1 },
    });
    phonePage = await (await newContext(env.browser(), { width: 390, height: 844 })).newPage();
    await phonePage.goto(`${baseUrl}/login`);
    await new LoginPage(phonePage).signIn(r.partner.email, TEST_PASSWORD);
    const wide: string[] = [];
    for (const path of ['/manager', `/manager/accounts/${customer}`, '/manager/accounts/new']) {
      const response = await phonePage.goto(`${baseUrl}${path}`);
      expect(response?.status()).toBe(200);
      const width = Number(await phonePage.evaluate('document.documentElement.scrollWidth'));
      if (width > 390) wide.push(`${path}: ${width}px`);
    }
    const wizard = new AccountWizard(phonePage);
    await wizard.fillAccount({ name: 'Empresa de teléfono' });
    await wizard.next();
    for (const step of ['restrictions', 'support', 'permissions', 'review']) {
      const width = Number(await phonePage.evaluate('document.documentElement.scrollWidth'));
      if (width > 390) wide.push(`${step}: ${width}px`);
      if (step !== 'review') await wizard.next();
    }
    expect(wide).toEqual([]);

    await phonePage.goto(`${baseUrl}/manager/accounts/${customer}`);
    const list = await phonePage.locator('.manager__list').boundingBox();
    const detail = await phonePage.locator('.manager__detail').boundingBox();
    expect(list!.y + list!.height).toBeLessThanOrEqual(detail!.y);
  },
);
