import { buildTestApp, type TestApp } from '../helpers/app';
import { newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import {
  accountNumberId,
  assignAccountNumbers,
  createAccount,
  createAccountNumber,
  createContact,
  createCreditEntry,
  createInvoice,
  createMember,
  createMembership,
  createService,
  createTicketRow,
  limitMemberToNumbers,
  setTelephony,
  TEST_PASSWORD,
} from '../helpers/factories';
import { parseRegistration } from '../../src/forms/auth/registration';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** An account with two numbers, services and invoices on each, an owner, and a member limited to the first number. */
async function billingAccount() {
  const accountId = await createAccount(t.db, { name: 'Facturas SA' });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const limited = await createMember(t.db, { role: 'member', permissions: ['services', 'invoices'], accountId });
  const [mine, theirs] = [await createAccountNumber(t.db, accountId), await createAccountNumber(t.db, accountId)];
  const [mineId, theirsId] = [await accountNumberId(t.db, mine), await accountNumberId(t.db, theirs)];
  await assignAccountNumbers(t.db, limited.membershipId, accountId, [mineId]);
  await createService(t.db, accountId, mineId, { name: 'Servicio visible', nextDueDate: '2026-12-01' });
  await createService(t.db, accountId, theirsId, { name: 'Servicio ajeno', status: 'suspended', priceCents: 20000 });
  const visible = await createInvoice(t.db, accountId, mineId, {
    issuedOn: '2026-11-01',
    dueOn: '2026-11-30',
    totalCents: 11600,
    status: 'unpaid',
    items: [
      { description: 'Renta mensual', amountCents: 10000 },
      { description: 'IVA', amountCents: 1600 },
    ],
  });
  const other = await createInvoice(t.db, accountId, theirsId, {
    issuedOn: '2026-10-01',
    dueOn: '2026-10-31',
    totalCents: 23200,
    status: 'overdue',
  });
  return {
    accountId,
    owner,
    limited,
    mine,
    theirs,
    mineId,
    visibleInvoice: visible.number,
    otherInvoice: other.number,
  };
}

describe('Servicios and Facturas', () => {
  it('show the owner everything and a limited member only their account numbers', async () => {
    const a = await billingAccount();
    const ownerAgent = await signIn(t.app, a.owner.email);
    const limitedAgent = await signIn(t.app, a.limited.email);
    const ownerServices = textOf((await ownerAgent.get('/services')).text);
    expect(ownerServices).toContain('Servicio visible');
    expect(ownerServices).toContain('Servicio ajeno');
    expect(ownerServices).toContain(`Número de cuenta ${a.theirs}`);
    const limitedServices = textOf((await limitedAgent.get('/services')).text);
    expect(limitedServices).toContain('Servicio visible');
    expect(limitedServices).toContain('$100.00');
    expect(limitedServices).toContain('1 dic 2026');
    expect(limitedServices).not.toContain('Servicio ajeno');

    const limitedInvoices = textOf((await limitedAgent.get('/invoices')).text);
    expect(limitedInvoices).toContain(a.visibleInvoice);
    expect(limitedInvoices).not.toContain(a.otherInvoice);
    expect((await limitedAgent.get(`/invoices/${a.otherInvoice}`)).status).toBe(404);
    expect((await ownerAgent.get(`/invoices/${a.otherInvoice}`)).status).toBe(200);
  });

  it('page through services by account number and name, and invoices newest first, 25 at a time', async () => {
    const a = await billingAccount();
    for (let i = 1; i <= 26; i++) {
      await createService(t.db, a.accountId, a.mineId, { name: `Línea ${String(i).padStart(2, '0')}` });
      await createInvoice(t.db, a.accountId, a.mineId, { issuedOn: `2025-01-${String(i).padStart(2, '0')}` });
    }
    const agent = await signIn(t.app, a.limited.email);
    const services = await agent.get('/services');
    expect(textOf(services.text)).toContain('Línea 01');
    expect(textOf(services.text)).toContain('Línea 25');
    expect(textOf(services.text)).not.toContain('Servicio visible');
    const moreServices = /href="(\/services\?after=\d+)"/.exec(services.text)![1];
    const secondServices = await agent.get(moreServices);
    expect(textOf(secondServices.text)).toContain('Línea 26');
    expect(textOf(secondServices.text)).toContain('Servicio visible');
    expect(textOf(secondServices.text)).not.toContain('Línea 25');
    expect(secondServices.text).toMatch(/href="\/services\?before=\d+"/);

    const invoices = textOf((await agent.get('/invoices')).text);
    expect(invoices).toContain(a.visibleInvoice);
    expect(invoices).toContain('26 ene 2025');
    expect(invoices).not.toContain(' 1 ene 2025');
    const page = await agent.get('/invoices');
    const secondInvoices = textOf((await agent.get(/href="(\/invoices\?after=\d+)"/.exec(page.text)![1])).text);
    expect(secondInvoices).toContain(' 1 ene 2025');
    expect(secondInvoices).toContain(' 2 ene 2025');
    expect(secondInvoices).not.toContain(' 3 ene 2025');
  });

  it("shows an invoice with its lines, and another account's invoice is not found", async () => {
    const a = await billingAccount();
    const b = await billingAccount();
    const agent = await signIn(t.app, a.owner.email);
    const page = textOf((await agent.get(`/invoices/${a.visibleInvoice}`)).text);
    expect(page).toContain(`Factura ${a.visibleInvoice}`);
    expect(page).toContain('Renta mensual');
    expect(page).toContain('$116.00');
    expect(page).toContain('Por pagar');
    expect((await agent.get(`/invoices/${b.visibleInvoice}`)).status).toBe(404);
  });

  it('e-mails an invoice to exactly the contacts who chose invoices, and it shows under Correos enviados', async () => {
    const a = await billingAccount();
    await createContact(t.db, a.accountId, { email: 'cobros@facturas.test', emailTypes: ['invoice', 'general'] });
    await createContact(t.db, a.accountId, { email: 'soporte@facturas.test', emailTypes: ['support'] });
    const agent = await signIn(t.app, a.owner.email);
    const sent = await submitForm(agent, `/invoices/${a.visibleInvoice}`, `/invoices/${a.visibleInvoice}/email`, {});
    expect(sent.status).toBe(303);
    expect(textOf((await agent.get(sent.headers.location)).text)).toContain('Enviamos la factura a 1 contacto.');
    const mails = await t.db('mail_outbox').where({ account_id: a.accountId, template: 'invoice_notice' });
    expect(mails.map((m: { to_addresses: string[] }) => m.to_addresses)).toEqual([['cobros@facturas.test']]);
    expect(mails[0].category).toBe('invoice');
    const history = textOf((await agent.get('/emails')).text);
    expect(history).toContain(`Factura ${a.visibleInvoice} de Facturas SA`);
    expect(history).toContain('cobros@facturas.test');
  });
});

describe('the dashboard', () => {
  /** Each tile's title, figure and note, as the page shows them. */
  const tiles = async (agent: Awaited<ReturnType<typeof signIn>>) => {
    const html = (await agent.get('/')).text;
    return Object.fromEntries(
      [...html.matchAll(/<li class="tile">([\s\S]*?)<\/li>/g)].map((m) => {
        const [title, figure, note] = [/tile__title">([^<]*)/, /tile__figure">([^<]*)/, /tile__note">([^<]*)/].map(
          (re) => re.exec(m[1])![1].trim(),
        );
        return [title, `${figure} · ${note}`];
      }),
    );
  };

  it("counts for a limited member only their account numbers' services, invoices and tickets, in the sections they hold", async () => {
    const a = await billingAccount();
    await createTicketRow(t.db, { accountId: a.accountId, requesterEmail: a.owner.email, accountNumber: a.mine });
    await createTicketRow(t.db, { accountId: a.accountId, requesterEmail: a.owner.email, accountNumber: a.theirs });
    await createTicketRow(t.db, { accountId: a.accountId, requesterEmail: a.owner.email, status: 'closed' });
    expect(await tiles(await signIn(t.app, a.limited.email))).toEqual({
      Servicios: '1 · Servicio activo de 1 en total',
      Facturas: '$116.00 · Pendiente de pago en 1 factura',
    });
    const owner = await tiles(await signIn(t.app, a.owner.email));
    expect(owner).toMatchObject({
      Servicios: '1 · Servicio activo de 2 en total',
      Facturas: '$348.00 · Pendiente de pago en 2 facturas',
      Tickets: '2 · Tickets abiertos',
    });
    const both = await createMember(t.db, {
      role: 'member',
      permissions: ['services', 'tickets'],
      accountId: a.accountId,
    });
    await limitMemberToNumbers(t.db, both.membershipId, [a.mine]);
    expect(await tiles(await signIn(t.app, both.email))).toEqual({
      Servicios: '1 · Servicio activo de 1 en total',
      Tickets: '1 · Ticket abierto',
    });
  });
});

describe('Perfil de la empresa', () => {
  it('saves the company address with `profile`, keeps values on 422, and refuses members without it', async () => {
    const a = await billingAccount();
    const agent = await signIn(t.app, a.owner.email);
    const bad = await submitForm(agent, '/company', '/company', {
      name: 'Facturas SA',
      address1: '',
      city: 'Monterrey',
      state: 'NL',
      postcode: '64000',
      country: 'MX',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Escribe la dirección.');
    expect(bad.text).toContain('value="Monterrey"');
    const ok = await submitForm(agent, '/company', '/company', {
      name: 'Facturas SA de CV',
      address1: 'Calle 1',
      address2: '',
      city: 'Monterrey',
      state: 'NL',
      postcode: '64000',
      country: 'MX',
      phone: '',
      kind: 'reseller',
      realm: 'hack.test',
    });
    expect(ok.status).toBe(303);
    const account = await t.db('accounts').where({ id: a.accountId }).first();
    expect(account).toMatchObject({ name: 'Facturas SA de CV', city: 'Monterrey', kind: 'customer' });
    expect(account.realm).not.toBe('hack.test');
    expect((await (await signIn(t.app, a.limited.email)).get('/company')).status).toBe(403);
  });
});

describe('Información de la cuenta', () => {
  it('shows realm, trunks, restrictions and credit, read-only, to users with `telephony`', async () => {
    const accountId = await createAccount(t.db);
    await setTelephony(t.db, accountId, { inboundTrunks: 7, timeZone: 'America/Monterrey' });
    await createCreditEntry(t.db, accountId, 50000, 'Recarga');
    await createCreditEntry(t.db, accountId, -12500, 'Consumo');
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const text = textOf((await (await signIn(t.app, owner.email)).get('/account')).text);
    for (const expected of [
      'Monterrey — hora',
      'Troncales entrantes 7',
      'Internacional Denegadas',
      '$375.00',
      'Recarga',
    ])
      expect(text).toContain(expected);
    const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    expect((await (await signIn(t.app, member.email)).get('/account')).status).toBe(403);
  });
});

describe('default app', () => {
  it('lands each user on the page they chose among those they may use', async () => {
    const a = await billingAccount();
    const agent = await signIn(t.app, a.limited.email);
    const profile = await agent.get('/profile');
    expect(profile.text).toContain('<option value="invoices">Facturas</option>');
    expect(profile.text).not.toContain('<option value="telephony">');
    const refused = await submitForm(agent, '/profile', '/profile', {
      first_name: 'Pru',
      last_name: 'Eba',
      default_app: 'telephony',
    });
    expect(refused.status).toBe(422);
    await submitForm(agent, '/profile', '/profile', { first_name: 'Pru', last_name: 'Eba', default_app: 'invoices' });
    const landing = await signIn(t.app, a.limited.email);
    const home = await landing.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/invoices');
    // Only right after signing in: «Inicio» is the dashboard from then on.
    const inicio = await landing.get('/');
    expect(inicio.status).toBe(200);
    expect(textOf(inicio.text)).toContain('Hola, Pru');
    expect((await landing.get('/')).status).toBe(200);

    // Signing in to go somewhere else uses up the landing too.
    const elsewhere = newAgent(t.app);
    const signedIn = await submitForm(elsewhere, '/login?next=/profile', '/login', {
      email: a.limited.email,
      password: TEST_PASSWORD,
      next: '/profile',
    });
    expect(signedIn.headers.location).toBe('/profile');
    expect((await elsewhere.get('/profile')).status).toBe(200);
    expect((await elsewhere.get('/')).status).toBe(200);

    // Losing the permission sends them to the dashboard instead of a 403.
    await t
      .db('memberships')
      .where({ id: a.limited.membershipId })
      .update({ permissions: ['services'] });
    expect((await (await signIn(t.app, a.limited.email)).get('/')).status).toBe(200);
  });

  it('applies to the account picked right after signing in, not to a later switch of account', async () => {
    const first = await billingAccount();
    const second = await createAccount(t.db, { name: 'Segunda cuenta' });
    await createMembership(t.db, first.limited.id, second, { role: 'member', permissions: ['tickets'] });
    await t
      .db('memberships')
      .where({ user_id: first.limited.id, account_id: second })
      .update({ default_app: 'tickets' });
    const agent = newAgent(t.app);
    const signedIn = await submitForm(agent, '/login', '/login', {
      email: first.limited.email,
      password: TEST_PASSWORD,
    });
    expect(signedIn.headers.location).toBe('/accounts/choose');
    const chosen = await submitForm(agent, '/accounts/choose', '/accounts/choose', { account_id: String(second) });
    expect((await agent.get(chosen.headers.location)).headers.location).toBe('/tickets');
    expect((await agent.get('/')).status).toBe(200);
    await submitForm(agent, '/accounts/choose', '/accounts/choose', { account_id: String(first.accountId) });
    const switched = await submitForm(agent, '/accounts/choose', '/accounts/choose', { account_id: String(second) });
    expect((await agent.get(switched.headers.location)).status).toBe(200);
  });
});

describe('form objects', () => {
  it("give translated messages, never a library's own text", () => {
    const result = parseRegistration({}, 'a@b.test');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      for (const message of Object.values(result.errors)) expect(message).toMatch(/^errors\./);
      expect(result.errors.questions).toBe('errors.security.questions.required');
    }
  });
});
