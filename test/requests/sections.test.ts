import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createMember,
  createTicketRow,
  limitMemberToNumbers,
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
  const ids = await t
    .db('account_numbers')
    .whereIn('number', [mine, theirs])
    .orderByRaw('number = ? desc', [mine])
    .pluck('id');
  await t.db('memberships').where({ id: limited.membershipId }).update({ account_scope: 'assigned' });
  await t
    .db('membership_account_numbers')
    .insert({ membership_id: limited.membershipId, account_number_id: ids[0], account_id: accountId });
  const tag = Math.random().toString(36).slice(2, 7).toUpperCase();
  await t.db('services').insert([
    {
      account_id: accountId,
      account_number_id: ids[0],
      name: 'Servicio visible',
      status: 'active',
      price_cents: 10000,
      next_due_date: '2026-12-01',
    },
    {
      account_id: accountId,
      account_number_id: ids[1],
      name: 'Servicio ajeno',
      status: 'suspended',
      price_cents: 20000,
    },
  ]);
  await t.db('invoices').insert([
    {
      account_id: accountId,
      account_number_id: ids[0],
      number: `V-${tag}`,
      issued_on: '2026-11-01',
      due_on: '2026-11-30',
      total_cents: 11600,
      status: 'unpaid',
    },
    {
      account_id: accountId,
      account_number_id: ids[1],
      number: `A-${tag}`,
      issued_on: '2026-10-01',
      due_on: '2026-10-31',
      total_cents: 23200,
      status: 'overdue',
    },
  ]);
  const visible = await t
    .db('invoices')
    .where({ number: `V-${tag}` })
    .first();
  await t.db('invoice_items').insert([
    { invoice_id: visible.id, description: 'Renta mensual', amount_cents: 10000, position: 1 },
    { invoice_id: visible.id, description: 'IVA', amount_cents: 1600, position: 2 },
  ]);
  return { accountId, owner, limited, mine, theirs, visibleInvoice: `V-${tag}`, otherInvoice: `A-${tag}` };
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
    await t.db('contacts').insert([
      {
        account_id: a.accountId,
        first_name: 'Fer',
        last_name: 'Cobros',
        email: 'cobros@facturas.test',
        email_types: ['invoice', 'general'],
      },
      {
        account_id: a.accountId,
        first_name: 'Sam',
        last_name: 'Soporte',
        email: 'soporte@facturas.test',
        email_types: ['support'],
      },
    ]);
    const agent = await signIn(t.app, a.owner.email);
    const sent = await submitForm(agent, `/invoices/${a.visibleInvoice}`, `/invoices/${a.visibleInvoice}/email`, {});
    expect(sent.status).toBe(303);
    expect(textOf((await agent.get(sent.headers.location)).text)).toContain('Enviamos la factura a 1 contacto(s).');
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
      Servicios: '1 · Servicios activos de 1 en total',
      Facturas: '$116.00 · Pendiente de pago en 1 factura(s)',
    });
    const owner = await tiles(await signIn(t.app, a.owner.email));
    expect(owner).toMatchObject({
      Servicios: '1 · Servicios activos de 2 en total',
      Facturas: '$348.00 · Pendiente de pago en 2 factura(s)',
      Tickets: '2 · Tickets abiertos',
    });
    const both = await createMember(t.db, {
      role: 'member',
      permissions: ['services', 'tickets'],
      accountId: a.accountId,
    });
    await limitMemberToNumbers(t.db, both.membershipId, [a.mine]);
    expect(await tiles(await signIn(t.app, both.email))).toEqual({
      Servicios: '1 · Servicios activos de 1 en total',
      Tickets: '1 · Tickets abiertos',
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
    await t.db('accounts').where({ id: accountId }).update({ inbound_trunks: 7, time_zone: 'America/Monterrey' });
    await t.db('credit_entries').insert([
      { account_id: accountId, amount_cents: 50000, note: 'Recarga' },
      { account_id: accountId, amount_cents: -12500, note: 'Consumo' },
    ]);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const text = textOf((await (await signIn(t.app, owner.email)).get('/account')).text);
    for (const expected of [
      'America/Monterrey',
      'Troncales de entrada 7',
      'Internacional Bloqueadas',
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
    // Losing the permission sends them to the dashboard instead of a 403.
    await t
      .db('memberships')
      .where({ id: a.limited.membershipId })
      .update({ permissions: ['services'] });
    expect((await landing.get('/')).status).toBe(200);
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
