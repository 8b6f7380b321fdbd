import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import { createAccount, createMember, TEST_PASSWORD } from '../helpers/factories';
import { linkInMail } from '../helpers/mail';

let now = new Date();
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ clock: () => now });
});
afterAll(() => t.close());
beforeEach(() => {
  now = new Date();
});

const PASSWORD = 'mi frase secreta de registro';
const registration = (overrides: Record<string, unknown> = {}) => ({
  password: PASSWORD,
  password_confirmation: PASSWORD,
  questions: { 1: 'first_pet', 2: 'first_school', 3: 'street_grew_up' },
  answers: { 1: 'Firulais', 2: 'Escuela  Benito Juárez', 3: 'Insurgentes' },
  ...overrides,
});

async function invite(email: string) {
  const registered = Boolean((await t.db('users').where({ email }).first('password_hash'))?.password_hash);
  const account = await createAccount(t.db, { name: 'Cuenta Invitadora' });
  const owner = await createMember(t.db, { role: 'owner', accountId: account });
  const agent = await signIn(t.app, owner.email);
  const response = await submitForm(agent, '/users/new', '/users/new', {
    first_name: 'Rosa',
    last_name: 'Díaz',
    email,
    role: 'member',
    permissions: ['tickets'],
  });
  expect(response.status).toBe(303);
  return { link: await linkInMail(t.db, registered ? 'invitation_existing' : 'invitation', email), accountId: account };
}

describe('a new person registers from the invitation', () => {
  it('sets a password and three questions, is signed in, and the link cannot be used again', async () => {
    const { link } = await invite('rosa@example.test');
    const agent = newAgent(t.app);
    const page = await agent.get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Regístrate en Cuentas');
    expect(page.text).toMatch(
      /<input[^>]*type="email"\s+value="rosa@example.test"\s+autocomplete="username"[^>]*readonly/,
    );

    const done = await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...registration() });
    expect(done.status).toBe(303);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('¡Bienvenido! Ya eres parte de Cuenta Invitadora.');
    expect(home.text).toContain('Hola, Rosa');

    const user = await t.db('users').where({ email: 'rosa@example.test' }).first();
    const answers = await t.db('security_answers').where({ user_id: user.id }).orderBy('position');
    expect(answers.map((a: { question_key: string }) => a.question_key)).toEqual([
      'first_pet',
      'first_school',
      'street_grew_up',
    ]);
    expect(JSON.stringify(answers)).not.toMatch(/Firulais|firulais|Insurgentes/);
    expect((await t.db('memberships').where({ user_id: user.id }).first()).accepted_at).not.toBeNull();

    const replay = await newAgent(t.app).get(link);
    expect(replay.status).toBe(404);
    expect(replay.text).toContain('Esta invitación no es válida');
    const replayPost = await submitForm(newAgent(t.app), '/login', link, registration());
    expect(replayPost.status).toBe(404);
    await signIn(t.app, 'rosa@example.test', PASSWORD);
  });

  it('answers 422 keeping the chosen questions and the answers typed, never the password', async () => {
    const { link } = await invite('beto@example.test');
    const agent = newAgent(t.app);
    const page = await agent.get(link);
    const bad = await agent
      .post(link)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        ...registration({
          password_confirmation: 'otra cosa distinta',
          questions: { 1: 'first_pet', 2: 'first_pet', 3: 'first_car' },
        }),
      });
    expect(bad.status).toBe(422);
    expect(textOf(bad.text)).toContain('Las contraseñas no coinciden.');
    expect(textOf(bad.text)).toContain('Elige tres preguntas distintas.');
    expect(bad.text).toMatch(/<option value="first_car" selected>/);
    expect(bad.text).not.toContain(PASSWORD);
    // The answers stay as typed (issue 21): only passwords are typed again.
    expect(bad.text).toMatch(/name="answers\[1\]"[^>]*value="Firulais"/);
    expect(bad.text).toMatch(/name="answers\[2\]"[^>]*value="Escuela {2}Benito Juárez"/);
    const common = await agent
      .post(link)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        ...registration({ password: 'contraseña', password_confirmation: 'contraseña' }),
      });
    expect(common.status).toBe(422);
    expect(common.text).toMatch(/name="answers\[3\]"[^>]*value="Insurgentes"/);
    expect(common.text).toMatch(/<option value="street_grew_up" selected>/);
    expect(common.text).not.toContain('value="contraseña"');
    const missing = await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), ...registration({ answers: { 1: 'x', 2: '', 3: 'ok ok' } }) });
    expect(textOf(missing.text)).toContain('Responde las tres preguntas');
    expect((await t.db('users').where({ email: 'beto@example.test' }).first()).password_hash).toBeNull();
  });

  it('expires after 72 hours, telling the person to ask for a new one', async () => {
    const { link } = await invite('tardio@example.test');
    now = new Date(Date.now() + 73 * 3600_000);
    const page = await newAgent(t.app).get(link);
    expect(page.status).toBe(410);
    expect(textOf(page.text)).toContain('La invitación venció');
    expect(textOf(page.text)).toContain('te envíe una nueva');
    now = new Date(Date.now() + 71 * 3600_000);
    expect((await newAgent(t.app).get(link)).status).toBe(200);
  });

  it('ignores links that are not tokens', async () => {
    expect((await newAgent(t.app).get('/invitations/not-a-token')).status).toBe(404);
  });
});

describe('someone who already has a login', () => {
  it('signs in with their ID to accept, and lands in the new account', async () => {
    const existing = await createMember(t.db, { role: 'owner', firstName: 'Elena' });
    const { link, accountId } = await invite(existing.email);
    const agent = newAgent(t.app);
    const page = await agent.get(link);
    expect(page.text).toContain('Ingresa con tu ID');
    expect(page.text).not.toContain('Preguntas de seguridad');

    const wrong = await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), password: 'no es esta contraseña' });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('La contraseña no es correcta.');

    const right = await agent
      .post(link)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), password: TEST_PASSWORD });
    expect(right.status).toBe(303);
    const home = await agent.get('/');
    expect(home.text).toContain('Ya eres parte de Cuenta Invitadora');
    expect(
      (await t.db('memberships').where({ user_id: existing.id, account_id: accountId }).first()).accepted_at,
    ).not.toBeNull();
    expect(home.text).toContain('Cambiar de cuenta');
  });
});

describe('«Correos enviados» after inviting (issue 22 item 9)', () => {
  it('shows the inviter the same line whether the address already has a login or not', async () => {
    const account = await createAccount(t.db, { name: 'Cuenta Discreta' });
    const owner = await createMember(t.db, { role: 'owner', accountId: account });
    const registered = await createMember(t.db, { role: 'owner', accountId: await createAccount(t.db) });
    const agent = await signIn(t.app, owner.email);
    const fresh = `nadie.${Date.now()}@example.test`;
    for (const email of [registered.email, fresh])
      expect(
        (
          await submitForm(agent, '/users/new', '/users/new', {
            first_name: 'Rosa',
            last_name: 'Díaz',
            email,
            role: 'member',
            permissions: ['tickets'],
          })
        ).status,
      ).toBe(303);
    const html = (await agent.get('/emails')).text;
    const rowOf = (email: string) =>
      textOf(
        new RegExp(`<tr>((?:(?!</tr>).)*${email.replace(/[.+]/g, '\\$&')}(?:(?!</tr>).)*)</tr>`, 's').exec(html)![1],
      )
        .replace(/\d{1,2} \w+\.? \d{4}, \d{1,2}:\d{2} [ap]\. ?m\./, '')
        .replace(email, '');
    expect(rowOf(registered.email)).toBe(rowOf(fresh));
    expect(rowOf(fresh)).toContain('Cuenta Discreta');
  });
});
