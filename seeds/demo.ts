/* Demo data for development (never production): the e-mails and password of DESIGN.md, "Demo data". */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Environment } from '../src/config';
import { SECTIONS } from '../src/domain/permissions';
import { hashSecret } from '../src/services/passwords';

export const DEMO_PASSWORD = 'Cuentas-demo-2026';

export const DEMO_LOGINS = [
  { email: 'propietario@abc.example', who: 'owner of ABC Company' },
  { email: 'admin@abc.example', who: 'admin of ABC Company' },
  { email: 'tickets@abc.example', who: 'member of ABC Company with only tickets' },
  { email: 'consultor@abc.example', who: 'member of ABC Company and of Delta Hosting' },
  { email: 'socio@acme.example', who: 'partner of the reseller Acme Telecom' },
  { email: 'soporte@cuentas.example', who: 'helpdesk agent of the platform' },
  { email: 'plataforma@cuentas.example', who: 'platform admin: manages resellers in the Accounts Manager' },
] as const;

/**
 * Acme Telecom's integration token «Facturación demo», with every scope, so that the README's curl
 * lines work on a fresh clone. Development only, like every demo login (the seed refuses production).
 */
export const DEMO_API_TOKEN = 'cta_FacturacionDemo_AcmeTelecom_2026_solo_desarrollo';
const DEMO_API_SCOPES = [
  'accounts:read',
  'accounts:write',
  'credit:write',
  'billing:write',
  'users:write',
  'webhooks:write',
];

/** Adds the demo token to Acme Telecom if it is not there (also to a database seeded before it existed). */
async function demoApiToken(trx: Trx): Promise<void> {
  const acme: { id: number } | undefined = await trx('accounts').where({ realm: 'acme.cuentas.example' }).first('id');
  if (!acme) return;
  const partner: { id: number } | undefined = await trx('users').where({ email: 'socio@acme.example' }).first('id');
  await trx('api_tokens')
    .insert({
      account_id: acme.id,
      name: 'Facturación demo',
      scopes: DEMO_API_SCOPES,
      token_hash: createHash('sha256').update(DEMO_API_TOKEN, 'utf8').digest(),
      prefix: DEMO_API_TOKEN.slice(0, 8),
      created_by_user_id: partner?.id ?? null,
    })
    .onConflict('token_hash')
    .ignore();
}

type Trx = Knex.Transaction;

async function insertId(trx: Trx, table: string, row: Record<string, unknown>): Promise<number> {
  const [inserted] = await trx(table).insert(row).returning('id');
  return (inserted as { id: number }).id;
}

async function user(
  trx: Trx,
  hash: string,
  email: string,
  first: string,
  last: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  return insertId(trx, 'users', { email, first_name: first, last_name: last, password_hash: hash, ...extra });
}

async function member(
  trx: Trx,
  userId: number,
  accountId: number,
  role: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  return insertId(trx, 'memberships', {
    user_id: userId,
    account_id: accountId,
    role,
    accepted_at: trx.fn.now(),
    invited_at: trx.fn.now(),
    ...extra,
  });
}

async function contactFor(
  trx: Trx,
  accountId: number,
  userId: number | null,
  row: Record<string, unknown>,
): Promise<number> {
  return insertId(trx, 'contacts', {
    account_id: accountId,
    user_id: userId,
    company: 'ABC Company',
    phone: '+52 55 5555 0100',
    address1: 'Av. Reforma 222',
    city: 'Ciudad de México',
    state: 'CDMX',
    postcode: '06600',
    country: 'MX',
    authorization_status: 'authorized',
    ...row,
  });
}

/**
 * The platform's admin (its owner) manages resellers; its helpdesk agents are members. A demo loaded
 * before the Accounts Manager had the agent as owner: this makes it what the demo describes now.
 */
async function platformAdmin(trx: Trx, hash: () => Promise<string>): Promise<void> {
  if (await trx('users').where({ email: 'plataforma@cuentas.example' }).first('id')) return;
  const platform: { id: number } | undefined = await trx('accounts')
    .where({ kind: 'platform', realm: 'cuentas.example' })
    .first('id');
  if (!platform) return;
  await trx('memberships')
    .where({ account_id: platform.id, role: 'owner' })
    .whereIn('user_id', trx('users').select('id').where({ email: 'soporte@cuentas.example' }))
    .update({ role: 'member' });
  const admin = await user(trx, await hash(), 'plataforma@cuentas.example', 'Pablo', 'Herrera', {
    department: 'Plataforma',
  });
  await member(trx, admin, platform.id, 'owner', { title: 'Administrador de la plataforma' });
  // Every portal user is also a contact of the account.
  await contactFor(trx, platform.id, admin, {
    first_name: 'Pablo',
    last_name: 'Herrera',
    email: 'plataforma@cuentas.example',
    company: 'Cuentas',
    phone: '+52 55 5555 0002',
    address1: 'Insurgentes Sur 1000',
    postcode: '03100',
    email_types: ['general'],
  });
}

/** Loads the demo data once; returns false when it is already there. Refuses production. */
export async function seedDemo(db: Knex, environment: Environment): Promise<boolean> {
  if (environment === 'production') throw new Error('the demo seed refuses to run in production');
  return db.transaction(async (trx) => {
    // One seeding at a time, even with several processes starting together.
    await trx.raw('SELECT pg_advisory_xact_lock(20261122)');
    if (await trx('users').where({ email: 'propietario@abc.example' }).first()) {
      await platformAdmin(trx, () => hashSecret(DEMO_PASSWORD));
      await demoApiToken(trx);
      return false;
    }
    const hash = await hashSecret(DEMO_PASSWORD);

    const platform = await insertId(trx, 'accounts', {
      kind: 'platform',
      name: 'Cuentas',
      realm: 'cuentas.example',
      enabled_sections: [],
    });
    const agent = await user(trx, hash, 'soporte@cuentas.example', 'Sofía', 'Navarro', { department: 'Mesa de ayuda' });
    await member(trx, agent, platform, 'member', { title: 'Agente de soporte' });
    await platformAdmin(trx, async () => hash);

    const acme = await insertId(trx, 'accounts', {
      kind: 'reseller',
      parent_id: platform,
      name: 'Acme Telecom',
      realm: 'acme.cuentas.example',
      enabled_sections: [...SECTIONS],
      // Partly allocated: ABC Company holds 10/10/5 and Delta Hosting 4/4/2.
      pool_inbound_trunks: 50,
      pool_outbound_trunks: 50,
      pool_twoway_trunks: 20,
      time_zone: 'America/Monterrey',
      country: 'MX',
      city: 'Monterrey',
    });
    const partner = await user(trx, hash, 'socio@acme.example', 'Sergio', 'Ortega', { department: 'Canal de socios' });
    await member(trx, partner, acme, 'owner', { title: 'Socio comercial' });

    const abc = await insertId(trx, 'accounts', {
      kind: 'customer',
      parent_id: acme,
      name: 'ABC Company',
      realm: 'k7m2p9x.acme.cuentas.example',
      enabled_sections: [...SECTIONS],
      address1: 'Av. Reforma 222',
      address2: 'Piso 8',
      city: 'Ciudad de México',
      state: 'CDMX',
      postcode: '06600',
      country: 'MX',
      phone: '+52 55 5555 0100',
      inbound_trunks: 10,
      outbound_trunks: 10,
      twoway_trunks: 5,
      created_by_user_id: partner,
    });
    const delta = await insertId(trx, 'accounts', {
      kind: 'customer',
      parent_id: acme,
      name: 'Delta Hosting',
      realm: 'd3lt4hx.acme.cuentas.example',
      enabled_sections: [...SECTIONS],
      city: 'Guadalajara',
      state: 'Jalisco',
      country: 'MX',
      inbound_trunks: 4,
      outbound_trunks: 4,
      twoway_trunks: 2,
      created_by_user_id: partner,
    });

    const owner = await user(trx, hash, 'propietario@abc.example', 'Patricia', 'Gómez', {
      department: 'Dirección',
      employee_number: 'E-0001',
    });
    const admin = await user(trx, hash, 'admin@abc.example', 'Andrés', 'Ruiz', { department: 'Sistemas' });
    const ticketsOnly = await user(trx, hash, 'tickets@abc.example', 'Teresa', 'Luna', { department: 'Operaciones' });
    const consultant = await user(trx, hash, 'consultor@abc.example', 'Carlos', 'Medina', {
      department: 'Consultoría externa',
    });
    const deltaOwner = await user(trx, hash, 'propietaria@delta.example', 'Diana', 'Salas');

    await member(trx, owner, abc, 'owner', { title: 'Directora general' });
    await member(trx, admin, abc, 'admin', { title: 'Gerente de telecomunicaciones' });
    await member(trx, ticketsOnly, abc, 'member', { title: 'Analista de soporte', permissions: ['tickets'] });
    const consultantAtAbc = await member(trx, consultant, abc, 'member', {
      title: 'Consultor',
      permissions: ['services', 'invoices', 'tickets'],
      account_scope: 'assigned',
    });
    await member(trx, deltaOwner, delta, 'owner', { title: 'Propietaria' });
    await member(trx, consultant, delta, 'admin', { title: 'Consultor' });

    const numbers: number[] = [];
    for (const [number, label] of [
      ['100200300', 'Corporativo'],
      ['100200301', 'Sucursal Norte'],
      ['100200302', 'Centro de datos'],
    ] as const) {
      numbers.push(await insertId(trx, 'account_numbers', { account_id: abc, number, label }));
    }
    const deltaNumber = await insertId(trx, 'account_numbers', {
      account_id: delta,
      number: '200300400',
      label: 'Principal',
    });
    await trx('membership_account_numbers').insert({
      membership_id: consultantAtAbc,
      account_number_id: numbers[1],
      account_id: abc,
    });

    await contactFor(trx, abc, owner, {
      first_name: 'Patricia',
      last_name: 'Gómez',
      email: 'propietario@abc.example',
      email_types: ['general', 'invoice', 'support', 'product'],
    });
    await contactFor(trx, abc, admin, {
      first_name: 'Andrés',
      last_name: 'Ruiz',
      email: 'admin@abc.example',
      email_types: ['general', 'support'],
    });
    const teresa = await contactFor(trx, abc, ticketsOnly, {
      first_name: 'Teresa',
      last_name: 'Luna',
      email: 'tickets@abc.example',
      email_types: ['support'],
    });
    await contactFor(trx, abc, consultant, {
      first_name: 'Carlos',
      last_name: 'Medina',
      email: 'consultor@abc.example',
      company: 'Medina Consultores',
      email_types: [],
    });
    await contactFor(trx, abc, null, {
      first_name: 'Fernanda',
      last_name: 'Castro',
      email: 'facturacion@abc.example',
      email_types: ['invoice'],
    });
    await contactFor(trx, abc, null, {
      first_name: 'Luis',
      last_name: 'Pérez',
      email: 'luis.perez@abc.example',
      email_types: ['general'],
      authorization_status: 'unverified',
    });
    await contactFor(trx, delta, consultant, {
      first_name: 'Carlos',
      last_name: 'Medina',
      email: 'consultor@abc.example',
      company: 'Medina Consultores',
      email_types: ['support'],
    });
    // Every portal user is also a contact of the account they belong to (DESIGN.md, "Contact").
    await contactFor(trx, acme, partner, {
      first_name: 'Sergio',
      last_name: 'Ortega',
      email: 'socio@acme.example',
      company: 'Acme Telecom',
      phone: '+52 81 5555 0300',
      address1: 'Av. Constitución 400',
      city: 'Monterrey',
      state: 'Nuevo León',
      postcode: '64000',
      email_types: ['general', 'support'],
    });
    await contactFor(trx, platform, agent, {
      first_name: 'Sofía',
      last_name: 'Navarro',
      email: 'soporte@cuentas.example',
      company: 'Cuentas',
      phone: '+52 55 5555 0001',
      address1: 'Insurgentes Sur 1000',
      postcode: '03100',
      email_types: ['support'],
    });
    await contactFor(trx, delta, deltaOwner, {
      first_name: 'Diana',
      last_name: 'Salas',
      email: 'propietaria@delta.example',
      company: 'Delta Hosting',
      email_types: ['general', 'invoice', 'support'],
    });

    const serviceRows = [
      [0, 'Troncal SIP empresarial (10 canales)', 'active', 249900],
      [0, 'Internet dedicado 200 Mbps', 'active', 589000],
      [1, 'Líneas móviles (25)', 'active', 312500],
      [1, 'Conmutador virtual', 'suspended', 99000],
      [2, 'Servidor virtual 8 vCPU', 'active', 420000],
      [2, 'Respaldo en la nube 2 TB', 'pending', 150000],
    ] as const;
    for (const [n, name, status, price] of serviceRows) {
      await insertId(trx, 'services', {
        account_id: abc,
        account_number_id: numbers[n],
        name,
        status,
        price_cents: price,
        next_due_date: '2026-12-15',
      });
    }
    await insertId(trx, 'services', {
      account_id: delta,
      account_number_id: deltaNumber,
      name: 'Hosting administrado',
      status: 'active',
      price_cents: 199000,
      next_due_date: '2026-12-01',
    });

    const invoiceRows = [
      ['FAC-2026-0901', 0, '2026-09-01', '2026-09-15', 838900, 'paid'],
      ['FAC-2026-1001', 0, '2026-10-01', '2026-10-15', 838900, 'paid'],
      ['FAC-2026-1002', 1, '2026-10-01', '2026-10-15', 411500, 'overdue'],
      ['FAC-2026-1101', 0, '2026-11-01', '2026-11-30', 838900, 'unpaid'],
      ['FAC-2026-1102', 2, '2026-11-01', '2026-11-30', 570000, 'unpaid'],
    ] as const;
    for (const [number, n, issued, due, total, status] of invoiceRows) {
      const invoice = await insertId(trx, 'invoices', {
        account_id: abc,
        account_number_id: numbers[n],
        number,
        issued_on: issued,
        due_on: due,
        total_cents: total,
        status,
      });
      await trx('invoice_items').insert([
        {
          invoice_id: invoice,
          description: 'Servicios del periodo',
          amount_cents: Math.round(total / 1.16),
          position: 1,
        },
        { invoice_id: invoice, description: 'IVA 16 %', amount_cents: total - Math.round(total / 1.16), position: 2 },
      ]);
    }
    await insertId(trx, 'invoices', {
      account_id: delta,
      account_number_id: deltaNumber,
      number: 'FAC-2026-1150',
      issued_on: '2026-11-01',
      due_on: '2026-11-30',
      total_cents: 199000,
      status: 'unpaid',
    });

    const ticketRows = [
      {
        number: '482913',
        subject: 'La troncal SIP rechaza llamadas salientes',
        department: 'support',
        priority: 'high',
        status: 'open',
        n: 0,
        by: owner,
        email: 'propietario@abc.example',
        body: 'Desde esta mañana las llamadas salientes por la troncal corporativa devuelven error 503.',
      },
      {
        number: '507326',
        subject: 'Aclaración de la factura FAC-2026-1002',
        department: 'billing',
        priority: 'medium',
        status: 'answered',
        n: 1,
        by: ticketsOnly,
        email: 'tickets@abc.example',
        body: 'La factura de la sucursal norte incluye un cargo que no reconocemos.',
      },
      {
        number: '613048',
        subject: 'Cotización de 10 líneas adicionales',
        department: 'sales',
        priority: 'low',
        status: 'closed',
        n: 1,
        by: admin,
        email: 'admin@abc.example',
        body: '¿Nos pueden cotizar diez líneas móviles más para la sucursal norte?',
      },
    ];
    for (const t of ticketRows) {
      const ticket = await insertId(trx, 'tickets', {
        account_id: abc,
        number: t.number,
        subject: t.subject,
        department: t.department,
        priority: t.priority,
        status: t.status,
        account_number_id: numbers[t.n],
        opened_by_user_id: t.by,
        opened_by_contact_id: t.by === ticketsOnly ? teresa : null,
        requester_email: t.email,
      });
      await trx('ticket_messages').insert({
        ticket_id: ticket,
        author_user_id: t.by,
        author_email: t.email,
        author_kind: 'customer',
        body: t.body,
      });
      if (t.status !== 'open') {
        await trx('ticket_messages').insert({
          ticket_id: ticket,
          author_user_id: agent,
          author_email: 'soporte@cuentas.example',
          author_name: 'Sofía Navarro',
          author_kind: 'staff',
          body: 'Gracias por escribirnos. Ya lo estamos revisando y te respondemos en breve.',
        });
      }
    }

    // Mail the helpdesk has not trusted yet: one from an unverified contact, one from a stranger.
    await trx('inbound_messages').insert([
      {
        message_id: '<demo-held-1@mail.abc.example>',
        from_email: 'luis.perez@abc.example',
        from_name: 'Luis Pérez',
        subject: 'Alta de dos líneas móviles',
        body: 'Hola, necesito dar de alta dos líneas para el equipo de ventas. Saludos, Luis.',
        status: 'held',
        hold_reason: 'unverified_sender',
        account_id: abc,
      },
      {
        message_id: '<demo-held-2@mail.example>',
        from_email: 'director@correo-desconocido.example',
        from_name: 'Director General',
        subject: 'Cambien el correo del propietario de ABC Company',
        body: 'Soy el nuevo director; cambien el correo del propietario a este.',
        status: 'held',
        hold_reason: 'unknown_sender',
      },
    ]);
    await trx('support_contacts').insert([
      { account_id: abc, partner_user_id: partner },
      { account_id: abc, email: 'soporte-ti@abc.example' },
    ]);
    await trx('support_contacts').insert({ account_id: delta, partner_user_id: partner });
    // One entry at a time: the ledger refuses a removal that would take a balance below zero.
    for (const [account, cents, note] of [
      [abc, 500000, 'Crédito inicial'],
      [abc, -125050, 'Consumo de llamadas de octubre'],
      [delta, 200000, 'Crédito inicial'],
      [delta, 150000, 'Recarga de noviembre'],
      [delta, -87500, 'Consumo de llamadas de noviembre'],
    ] as const) {
      await trx('credit_entries').insert({ account_id: account, amount_cents: cents, note, actor_user_id: partner });
    }
    await demoApiToken(trx);
    return true;
  });
}
