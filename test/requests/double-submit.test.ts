import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, signIn, type Agent } from '../helpers/agent';
import { createMember } from '../helpers/factories';
import { startSilentSmtp } from '../helpers/smtp';

// Issue 11, item 6: every create form carries a one-time form key; the same submission repeated
// (a double click, a retry after a timeout) redirects to what the first one created, and a
// unique-key race is the form's 422, never a 500.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

function formKeyFrom(html: string): string {
  const match = /name="_form_key" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no form key on the page');
  return match[1];
}

/** Loads the form once and posts it `times` times at once, as a double (or triple) click does. */
async function postAtOnce(agent: Agent, page: string, action: string, fields: Record<string, string>, times: number) {
  const html = (await agent.get(page)).text;
  const form = { ...fields, _csrf: csrfFrom(html), _form_key: formKeyFrom(html) };
  return Promise.all(Array.from({ length: times }, () => agent.post(action).type('form').send(form)));
}

const contact = (email: string) => ({
  first_name: 'Rita',
  last_name: 'Mora',
  company: 'ABC Company',
  email,
  phone: '+52 55 1234 5678',
  address1: 'Av. Reforma 222',
  city: 'Ciudad de México',
  state: 'CDMX',
  postcode: '06600',
  country: 'MX',
  email_types: 'invoice',
});

it('a contact posted three times at once is stored once, and every answer leads to it', async () => {
  const owner = await createMember(t.db);
  const agent = await signIn(t.app, owner.email);
  const answers = await postAtOnce(agent, '/contacts/new', '/contacts/new', contact('rita@example.test'), 3);
  expect(answers.map((a) => a.status)).toEqual([303, 303, 303]);
  expect(new Set(answers.map((a) => a.headers.location))).toEqual(new Set(['/contacts']));
  expect(await t.db('contacts').where({ account_id: owner.accountId, email: 'rita@example.test' })).toHaveLength(1);
});

it('the same contact from two forms at once: one is stored, the other is the form again with 422, never a 500', async () => {
  const owner = await createMember(t.db);
  const agent = await signIn(t.app, owner.email);
  // Three tabs, each with its own form (loaded one after the other: the session's CSRF token is made once).
  const pages = [];
  for (let i = 0; i < 3; i++) pages.push(await agent.get('/contacts/new'));
  const answers = await Promise.all(
    pages.map((page) =>
      agent
        .post('/contacts/new')
        .type('form')
        .send({ ...contact('doble@example.test'), _csrf: csrfFrom(page.text), _form_key: formKeyFrom(page.text) }),
    ),
  );
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses).toEqual([303, 422, 422]);
  for (const refused of answers.filter((a) => a.status === 422)) expect(refused.text).toContain('doble@example.test');
  expect(await t.db('contacts').where({ account_id: owner.accountId, email: 'doble@example.test' })).toHaveLength(1);
});

it('a ticket and a reply sent twice at once are stored once', async () => {
  const owner = await createMember(t.db);
  const agent = await signIn(t.app, owner.email);
  const opened = await postAtOnce(
    agent,
    '/tickets/new',
    '/tickets/new',
    { department: 'support', priority: 'medium', subject: 'Doble clic', message: 'Se envió dos veces.' },
    2,
  );
  expect(opened.map((a) => a.status)).toEqual([303, 303]);
  expect(opened[1].headers.location).toBe(opened[0].headers.location);
  const tickets = await t.db('tickets').where({ account_id: owner.accountId, subject: 'Doble clic' });
  expect(tickets).toHaveLength(1);

  const page = opened[0].headers.location;
  const replies = await postAtOnce(agent, page, `${page}/reply`, { message: 'Respuesta repetida' }, 2);
  expect(replies.map((a) => a.status)).toEqual([303, 303]);
  expect(await t.db('ticket_messages').where({ ticket_id: tickets[0].id, body: 'Respuesta repetida' })).toHaveLength(1);
});

it('«Agregar usuario nuevo» twice at once invites once', async () => {
  const owner = await createMember(t.db);
  const agent = await signIn(t.app, owner.email);
  const answers = await postAtOnce(
    agent,
    '/users/new',
    '/users/new',
    { first_name: 'Noé', last_name: 'Paz', email: 'noe.paz@example.test', role: 'member' },
    2,
  );
  expect(answers.map((a) => a.status)).toEqual([303, 303]);
  expect(answers[1].headers.location).toBe(answers[0].headers.location);
  const invited = await t
    .db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'u.email': 'noe.paz@example.test', 'm.account_id': owner.accountId });
  expect(invited).toHaveLength(1);
  expect(await t.db('mail_outbox').whereRaw('? = ANY(to_addresses)', ['noe.paz@example.test'])).toHaveLength(1);
});

it('a double click while the first is still sending the invitation waits for it, holding no lock', async () => {
  const silent = await startSilentSmtp();
  const slow = await buildTestApp({ smtpUrl: silent.url, smtpTimeoutMs: 10_000 });
  try {
    const owner = await createMember(slow.db);
    const agent = await signIn(slow.app, owner.email);
    const started = Date.now();
    const answers = await postAtOnce(
      agent,
      '/users/new',
      '/users/new',
      { first_name: 'Ada', last_name: 'Luz', email: 'ada.luz@example.test', role: 'member' },
      2,
    );
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect(answers[1].headers.location).toBe(answers[0].headers.location);
    expect(Date.now() - started).toBeLessThan(5000);
    const invited = await slow
      .db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where({ 'u.email': 'ada.luz@example.test', 'm.account_id': owner.accountId });
    expect(invited).toHaveLength(1);
  } finally {
    await silent.close();
    await slow.close();
  }
});
