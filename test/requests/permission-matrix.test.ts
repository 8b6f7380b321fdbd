/*
 * The permission matrix, generated from the app's own route table: every route × owner, admin,
 * tickets-only member, member limited to one account number, user of another account, anonymous,
 * and for the Accounts Manager: the partner of the reseller above the account, a partner of another
 * reseller, a platform admin and a platform (helpdesk) agent.
 * What each persona may use is written here, apart from the code; a route whose policy this table
 * does not know makes the test fail, so a new route must say who may use it.
 */
import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, type Agent } from '../helpers/agent';
import {
  createAccount,
  createAccountNumber,
  createMember,
  createPlatformStaff,
  createReseller,
  createSupportContact,
} from '../helpers/factories';
import { routeTable, type Route } from '../../src/routes';

type Persona =
  | 'owner'
  | 'admin'
  | 'ticketsOnly'
  | 'limited'
  | 'otherAccount'
  | 'partner'
  | 'otherPartner'
  | 'platformAdmin'
  | 'platformAgent'
  | 'anonymous';
const PERSONAS: Persona[] = [
  'owner',
  'admin',
  'ticketsOnly',
  'limited',
  'otherAccount',
  'partner',
  'otherPartner',
  'platformAdmin',
  'platformAgent',
  'anonymous',
];
const SIGNED_IN = PERSONAS.filter((p) => p !== 'anonymous');
/** Owners of their reseller's account, which has every section enabled (the platform has none). */
const PARTNERS: Persona[] = ['partner', 'otherPartner'];

/** Who holds what, by policy name. */
const ALLOWED: Record<string, Persona[]> = {
  public: PERSONAS,
  'inbound-token': PERSONAS,
  guest: ['anonymous'],
  // The second step of signing in: none of these personas has typed a password without the code.
  'signing-in': [],
  'signed-in': SIGNED_IN,
  'in-account': SIGNED_IN,
  'manage-users': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  staff: ['platformAdmin', 'platformAgent'],
  'section:services': ['owner', 'admin', 'limited', 'otherAccount', ...PARTNERS],
  'section:invoices': ['owner', 'admin', 'limited', 'otherAccount', ...PARTNERS],
  'section:tickets': ['owner', 'admin', 'ticketsOnly', 'limited', 'otherAccount', ...PARTNERS],
  'section:emails': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  'section:telephony': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  'section:profile': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  'section:contacts': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  'section:support_contacts': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  'section:users': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  'section:telephony|support_contacts': ['owner', 'admin', 'otherAccount', ...PARTNERS],
  'manage-accounts': ['partner', 'otherPartner', 'platformAdmin'],
  // Integraciones: owners and admins of a reseller or of the platform (the partners own theirs).
  'manage-integrations': ['partner', 'otherPartner', 'platformAdmin'],
  // «Respuestas predefinidas»: the platform's owner and admins.
  'manage-canned-answers': ['platformAdmin'],
};

/**
 * Which policy each route must have: the URL contract of DESIGN.md with who may use it. A route
 * missing here, or declared with another policy in src/routes/<area>.ts, fails the test.
 */
const EXPECTED_POLICY: Record<string, string> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /language/:locale': 'public',
  'POST /inbound/mail': 'inbound-token',
  'GET /login': 'guest',
  'POST /login': 'guest',
  'POST /logout': 'signed-in',
  'GET /login/two-factor': 'signing-in',
  'POST /login/two-factor': 'signing-in',
  'GET /password/forgot': 'public',
  'POST /password/forgot/email': 'public',
  'GET /password/reset/:token': 'public',
  'POST /password/reset/:token': 'public',
  'GET /password/forgot/questions': 'public',
  'POST /password/forgot/questions': 'public',
  'GET /invitations/:token': 'public',
  'POST /invitations/:token': 'public',
  'GET /': 'in-account',
  'GET /accounts/choose': 'signed-in',
  'POST /accounts/choose': 'signed-in',
  'GET /profile': 'signed-in',
  'POST /profile': 'signed-in',
  'GET /profile/password': 'signed-in',
  'POST /profile/password': 'signed-in',
  'GET /profile/security-questions': 'signed-in',
  'POST /profile/security-questions': 'signed-in',
  'GET /profile/sessions': 'signed-in',
  'POST /profile/sessions/delete': 'signed-in',
  'POST /profile/sessions/:handle/delete': 'signed-in',
  'GET /profile/two-factor': 'signed-in',
  'POST /profile/two-factor': 'signed-in',
  'POST /profile/two-factor/recovery-codes': 'signed-in',
  'POST /profile/two-factor/delete': 'signed-in',
  'GET /users': 'manage-users',
  'GET /users/new': 'manage-users',
  'POST /users/new': 'manage-users',
  'GET /users/:id': 'manage-users',
  'GET /users/:id/edit': 'manage-users',
  'POST /users/:id/edit': 'manage-users',
  'POST /users/:id/block': 'manage-users',
  'POST /users/:id/unblock': 'manage-users',
  'POST /users/:id/reset-password': 'manage-users',
  'POST /users/:id/resend-invitation': 'manage-users',
  'POST /users/:id/reset-two-factor': 'manage-users',
  'POST /users/:id/sessions/delete': 'manage-users',
  'POST /users/:id/sessions/:handle/delete': 'manage-users',
  'GET /users/:id/account-numbers': 'manage-users',
  'POST /users/:id/account-numbers': 'manage-users',
  'POST /users/:id/account-numbers/:numberId/delete': 'manage-users',
  'GET /activity': 'manage-users',
  'GET /activity/export': 'manage-users',
  'GET /emails': 'section:emails',
  'GET /services': 'section:services',
  'GET /invoices': 'section:invoices',
  'GET /invoices/:number': 'section:invoices',
  'POST /invoices/:number/email': 'section:invoices',
  'GET /company': 'section:profile',
  'POST /company': 'section:profile',
  'GET /account': 'section:telephony|support_contacts',
  'POST /account/support-contacts': 'section:support_contacts',
  'POST /account/support-contacts/:id/delete': 'section:support_contacts',
  'GET /tickets': 'section:tickets',
  'GET /tickets/new': 'section:tickets',
  'POST /tickets/new': 'section:tickets',
  'GET /tickets/:number': 'section:tickets',
  'GET /tickets/:number/attachments/:attachmentId': 'section:tickets',
  'POST /tickets/:number/reply': 'section:tickets',
  'POST /tickets/:number/close': 'section:tickets',
  'POST /tickets/:number/copies': 'section:tickets',
  'POST /tickets/:number/copies/:contactId/delete': 'section:tickets',
  'GET /contacts': 'section:contacts',
  'GET /contacts/new': 'section:contacts',
  'POST /contacts/new': 'section:contacts',
  'GET /contacts/:id/edit': 'section:contacts',
  'POST /contacts/:id/edit': 'section:contacts',
  'GET /contacts/:id/delete': 'section:contacts',
  'POST /contacts/:id/delete': 'section:contacts',
  'GET /staff': 'staff',
  'GET /staff/tickets/:number': 'staff',
  'GET /staff/attachments/:attachmentId': 'staff',
  'POST /staff/tickets/:number/reply': 'staff',
  'POST /staff/tickets/:number/status': 'staff',
  'POST /staff/tickets/:number/assignment': 'staff',
  'POST /staff/tickets/:number/insert': 'staff',
  'POST /staff/tickets/:number/merge': 'staff',
  'POST /staff/tickets/:number/copies': 'staff',
  'POST /staff/tickets/:number/copies/:contactId/delete': 'staff',
  'GET /staff/canned-answers': 'manage-canned-answers',
  'GET /staff/canned-answers/new': 'manage-canned-answers',
  'POST /staff/canned-answers/new': 'manage-canned-answers',
  'GET /staff/canned-answers/:id/edit': 'manage-canned-answers',
  'POST /staff/canned-answers/:id/edit': 'manage-canned-answers',
  'POST /staff/canned-answers/:id/delete': 'manage-canned-answers',
  'GET /staff/requests': 'staff',
  'GET /staff/requests/:id': 'staff',
  'POST /staff/requests/:id/link': 'staff',
  'POST /staff/requests/:id/reject': 'staff',
  'POST /staff/requests/:id/file': 'staff',
  'POST /staff/contacts/:id/validate': 'staff',
  'GET /staff/accounts': 'staff',
  'GET /staff/mail': 'staff',
  'POST /staff/mail/:id/resend': 'staff',
  'GET /staff/accounts/:id': 'staff',
  'GET /manager': 'manage-accounts',
  'GET /manager/accounts/new': 'manage-accounts',
  'POST /manager/accounts/new': 'manage-accounts',
  'GET /manager/accounts/:id': 'manage-accounts',
  'GET /manager/accounts/:id/edit': 'manage-accounts',
  'POST /manager/accounts/:id/edit': 'manage-accounts',
  'GET /manager/accounts/:id/credit': 'manage-accounts',
  'POST /manager/accounts/:id/credit': 'manage-accounts',
  'GET /manager/accounts/:id/suspend': 'manage-accounts',
  'GET /manager/accounts/:id/password': 'manage-accounts',
  'POST /manager/accounts/:id/suspend': 'manage-accounts',
  'POST /manager/accounts/:id/reactivate': 'manage-accounts',
  'GET /manager/accounts/:id/close': 'manage-accounts',
  'POST /manager/accounts/:id/close': 'manage-accounts',
  'GET /manager/accounts/:id/users/new': 'manage-accounts',
  'POST /manager/accounts/:id/users/new': 'manage-accounts',
  'POST /manager/accounts/:id/support-contacts': 'manage-accounts',
  'POST /manager/accounts/:id/support-contacts/:contactId/delete': 'manage-accounts',
  'GET /integrations': 'manage-integrations',
  'POST /integrations/tokens': 'manage-integrations',
  'GET /integrations/tokens/:id': 'manage-integrations',
  'GET /integrations/tokens/:id/revoke': 'manage-integrations',
  'POST /integrations/tokens/:id/revoke': 'manage-integrations',
  'POST /integrations/webhooks': 'manage-integrations',
  'GET /integrations/webhooks/:id': 'manage-integrations',
  'POST /integrations/webhooks/:id/pause': 'manage-integrations',
  'POST /integrations/webhooks/:id/resume': 'manage-integrations',
  'POST /integrations/webhooks/:id/rotate': 'manage-integrations',
  'GET /integrations/webhooks/:id/delete': 'manage-integrations',
  'POST /integrations/webhooks/:id/delete': 'manage-integrations',
  'POST /integrations/webhooks/:id/deliveries/:deliveryId/resend': 'manage-integrations',
  'GET /dev/mail': 'public',
  'GET /dev/mail/:id': 'public',
};

const CHECKED_TABLES = [
  'accounts',
  'users',
  'memberships',
  'contacts',
  'invitations',
  'password_resets',
  'security_answers',
  'services',
  'invoices',
  'invoice_items',
  'tickets',
  'ticket_messages',
  'ticket_attachments',
  'credit_entries',
  'support_contacts',
  'account_numbers',
  'account_drafts',
];

let t: TestApp;
let agents: Record<Persona, Agent>;
let tokens: Record<Persona, string>;
let params: Record<string, string>;

async function checksum(): Promise<string> {
  const parts = [];
  for (const table of CHECKED_TABLES) {
    const row = await t.db.raw(
      `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) AS sum FROM ${table} x`,
    );
    parts.push(row.rows[0].sum);
  }
  const links = await t.db.raw(
    `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x.membership_id, x.account_number_id), '')) AS sum FROM membership_account_numbers x`,
  );
  return parts.join(',') + links.rows[0].sum;
}

beforeAll(async () => {
  t = await buildTestApp();
  // Platform → reseller (the partner's) → Matriz SA, the customer account the first personas work in.
  const reseller = await createReseller(t.db, { name: 'Socio SA' });
  const otherReseller = await createReseller(t.db, { name: 'Otro Socio SA', platformId: reseller.platformId });
  const platformAdmin = await createPlatformStaff(t.db, reseller.platformId, 'owner');
  const platformAgent = await createPlatformStaff(t.db, reseller.platformId, 'member');
  const accountId = await createAccount(t.db, { name: 'Matriz SA', parentId: reseller.resellerId });
  const owner = await createMember(t.db, { role: 'owner', accountId });
  const admin = await createMember(t.db, { role: 'admin', accountId });
  const ticketsOnly = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
  const limited = await createMember(t.db, {
    role: 'member',
    permissions: ['services', 'invoices', 'tickets'],
    accountId,
  });
  const other = await createMember(t.db, { role: 'owner' });
  const number = await createAccountNumber(t.db, accountId);
  const numberRow = await t.db('account_numbers').where({ number }).first();
  await t.db('memberships').where({ id: limited.membershipId }).update({ account_scope: 'assigned' });
  await t
    .db('membership_account_numbers')
    .insert({ membership_id: limited.membershipId, account_number_id: numberRow.id, account_id: accountId });
  await t.db('invoices').insert({
    account_id: accountId,
    account_number_id: numberRow.id,
    number: 'MATRIZ-1',
    issued_on: '2026-11-01',
    due_on: '2026-11-30',
    total_cents: 100,
    status: 'unpaid',
  });
  const [matrixTicket] = await t
    .db('tickets')
    .insert({
      account_id: accountId,
      number: '424242',
      subject: 'Matriz',
      department: 'support',
      priority: 'low',
      requester_email: limited.email,
      opened_by_user_id: limited.id,
      account_number_id: numberRow.id,
    })
    .returning('id');
  const [matrixMessage] = await t
    .db('ticket_messages')
    .insert({ ticket_id: matrixTicket.id, author_email: limited.email, author_kind: 'customer', body: 'Adjunto' })
    .returning('id');
  const [attachment] = await t
    .db('ticket_attachments')
    .insert({
      ticket_id: matrixTicket.id,
      message_id: matrixMessage.id,
      filename: 'matriz.txt',
      content_type: 'text/plain',
      size: 6,
      content: Buffer.from('matriz'),
    })
    .returning('id');
  const [contact] = await t
    .db('contacts')
    .insert({ account_id: accountId, first_name: 'Plain', last_name: 'Contact', email: 'plain@matriz.test' })
    .returning('id');
  const [held] = await t
    .db('inbound_messages')
    .insert({ message_id: '<matriz@x.test>', from_email: 'x@x.test', status: 'held', account_id: accountId })
    .returning('id');

  params = {
    ':id': String(limited.membershipId),
    ':number': 'MATRIZ-1',
    ':numberId': String(numberRow.id),
    ':locale': 'es',
    ':token': 'x'.repeat(43),
    ':attachmentId': String((attachment as { id: number }).id),
  };
  params[':contactId'] = String((contact as { id: number }).id);
  params[':heldId'] = String((held as { id: number }).id);
  params[':accountId'] = String(accountId);
  params[':supportContactId'] = String(await createSupportContact(t.db, accountId, { email: 'soporte@matriz.test' }));
  const [canned] = await t
    .db('canned_answers')
    .insert({ title: 'Matriz', body_es: 'Hola', body_en: 'Hello' })
    .returning('id');
  params[':cannedId'] = String((canned as { id: number }).id);

  agents = {
    owner: await signIn(t.app, owner.email),
    admin: await signIn(t.app, admin.email),
    ticketsOnly: await signIn(t.app, ticketsOnly.email),
    limited: await signIn(t.app, limited.email),
    otherAccount: await signIn(t.app, other.email),
    partner: await signIn(t.app, reseller.partner.email),
    otherPartner: await signIn(t.app, otherReseller.partner.email),
    platformAdmin: await signIn(t.app, platformAdmin.email),
    platformAgent: await signIn(t.app, platformAgent.email),
    anonymous: newAgent(t.app),
  };
  tokens = {} as Record<Persona, string>;
  for (const p of PERSONAS) tokens[p] = csrfFrom((await agents[p].get(p === 'anonymous' ? '/login' : '/profile')).text);
});
afterAll(() => t.close());

function pathFor(route: Route): string {
  let path = route.path;
  if (path.startsWith('/contacts/:id')) path = path.replace(':id', params[':contactId']);
  if (path.startsWith('/staff/requests/:id')) path = path.replace(':id', params[':heldId']);
  if (path.startsWith('/staff/canned-answers/:id')) path = path.replace(':id', params[':cannedId']);
  if (path === '/staff/accounts/:id' || path.startsWith('/manager/accounts/:id'))
    path = path.replace(':id', params[':accountId']);
  if (path.includes('/support-contacts/:contactId')) path = path.replace(':contactId', params[':supportContactId']);
  if (path.startsWith('/tickets/:number') || path.startsWith('/staff/tickets/:number'))
    path = path.replace(':number', '424242');
  for (const [param, value] of Object.entries(params)) path = path.replace(param, value);
  return path;
}

/** A route about one record of the first account (users, contacts, invoices). */
const namesRecord = (route: Route) => /:(id|number)\b/.test(route.path) && !route.path.startsWith('/dev/');

/**
 * Whether the persona reaches the records of Matriz SA through this route: its own people in its
 * own pages, the partner above it and platform admins in the Accounts Manager, staff in the console.
 */
function reachesRecord(route: Route, persona: Persona): boolean {
  // The id is none of the personas' tokens or webhooks: each is looked up within the user's account.
  if (route.path.startsWith('/integrations/')) return false;
  if (route.path.startsWith('/manager/')) return persona === 'partner' || persona === 'platformAdmin';
  if (route.path.startsWith('/staff/')) return persona === 'platformAdmin' || persona === 'platformAgent';
  return ['owner', 'admin', 'ticketsOnly', 'limited'].includes(persona);
}

function expected(route: Route, persona: Persona): 'login' | 'forbidden' | 'not_found' | 'home' | 'allowed' {
  const allowed = ALLOWED[route.policy.name];
  if (!allowed)
    throw new Error(
      `${route.method.toUpperCase()} ${route.path}: policy "${route.policy.name}" is not in the permission matrix`,
    );
  if (allowed.includes(persona)) return namesRecord(route) && !reachesRecord(route, persona) ? 'not_found' : 'allowed';
  if (persona === 'anonymous') return 'login';
  if (route.policy.name === 'guest') return 'home';
  return 'forbidden';
}

function describeStatus(status: number, location: string | undefined): string {
  if ((status === 302 || status === 303) && location?.startsWith('/login')) return 'login';
  if ((status === 302 || status === 303) && location === '/') return 'home';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  return status >= 500 ? `error ${status}` : 'allowed';
}

it('gives every route the policy the matrix expects, and knows every policy', () => {
  const table = routeTable(t.deps, () => true);
  const declared = Object.fromEntries(table.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.policy.name]));
  expect(declared).toEqual(EXPECTED_POLICY);
  expect(table.filter((r) => !ALLOWED[r.policy.name]).map((r) => r.path)).toEqual([]);
});

// These two walk every route for every persona: minutes on a busy 2-core machine, not seconds.
it('answers every GET as the matrix says, for every persona', async () => {
  const wrong: string[] = [];
  for (const route of routeTable(t.deps, () => true).filter((r) => r.method === 'get')) {
    for (const persona of PERSONAS) {
      const want = expected(route, persona);
      const response = await agents[persona].get(pathFor(route));
      const got = describeStatus(response.status, response.headers.location);
      // Public pages may answer 404 for a made-up token or id; what matters is that nobody is refused.
      if (
        route.policy.name === 'public'
          ? got === 'forbidden' || got === 'login' || got.startsWith('error')
          : got !== want
      ) {
        wrong.push(`GET ${route.path} as ${persona}: expected ${want}, got ${got} (${response.status})`);
      }
    }
  }
  expect(wrong).toEqual([]);
}, 180_000);

it('refuses every POST a persona may not make, and nothing changes', async () => {
  const wrong: string[] = [];
  const body = {
    first_name: 'Intruso',
    last_name: 'X',
    email: 'intruso@matriz.test',
    role: 'admin',
    account_number: params[':numberId'],
    name: 'Hackeada',
    address1: 'x',
    city: 'x',
    state: 'x',
    postcode: '12345',
    country: 'MX',
    password: 'una contraseña bastante larga',
    password_confirmation: 'una contraseña bastante larga',
    current_password: 'x',
    subaccount: '1',
    permissions: ['users'],
  };
  for (const route of routeTable(t.deps, () => true).filter((r) => r.method === 'post')) {
    for (const persona of PERSONAS) {
      const want = expected(route, persona);
      if (want === 'allowed') continue;
      const before = await checksum();
      const response = await agents[persona]
        .post(pathFor(route))
        .type('form')
        .send({ ...body, _csrf: tokens[persona] });
      const got = describeStatus(response.status, response.headers.location);
      if (got !== want)
        wrong.push(`POST ${route.path} as ${persona}: expected ${want}, got ${got} (${response.status})`);
      if ((await checksum()) !== before) wrong.push(`POST ${route.path} as ${persona}: data changed although refused`);
    }
  }
  expect(wrong).toEqual([]);
}, 180_000);
