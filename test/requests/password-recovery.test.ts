import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm, textOf } from '../helpers/agent';
import { createMember, createRateLimit, createSecurityAnswers, TEST_PASSWORD } from '../helpers/factories';
import { lastMail, linkInMail } from '../helpers/mail';
import { MAX_FAILURES_PER_EMAIL } from '../../src/services/lockout';
import { processPasswordResetRequests } from '../../src/services/password-resets';

let now = new Date();
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ clock: () => now });
});
afterAll(() => t.close());
beforeEach(() => {
  now = new Date();
});

const NEW = 'otra frase nueva y larga';

describe('by e-mail', () => {
  it('answers known and unknown addresses identically, and writes mail only for the known one', async () => {
    const user = await createMember(t.db);
    const answer = async (email: string) => {
      const response = await submitForm(newAgent(t.app), '/password/forgot', '/password/forgot/email', { email });
      return { status: response.status, text: textOf(response.text).replace(email, 'EMAIL') };
    };
    const known = await answer(user.email);
    const unknown = await answer('nadie.aqui@example.test');
    await processPasswordResetRequests(t.deps);
    expect(known.status).toBe(200);
    expect(known.text).toContain('Revisa tu correo');
    expect(unknown).toEqual(known);
    expect(await lastMail(t.db, 'password_reset', user.email)).toBeDefined();
    expect(await lastMail(t.db, 'password_reset', 'nadie.aqui@example.test')).toBeUndefined();
  });

  it('resets once with the link, ends every session, tells the user, and lifts the lockout', async () => {
    const user = await createMember(t.db);
    const session = await signIn(t.app, user.email);
    await createRateLimit(t.db, `login:email:${user.email}`, { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: 600 });
    await submitForm(newAgent(t.app), '/password/forgot', '/password/forgot/email', { email: user.email });
    await processPasswordResetRequests(t.deps);
    const link = await linkInMail(t.db, 'password_reset', user.email);

    const agent = newAgent(t.app);
    // The login beside the new password, read-only, so a password manager saves both.
    const usernameField = new RegExp(
      `<input[^>]*type="email"\\s+value="${user.email}"\\s+autocomplete="username"[^>]*readonly`,
    );
    expect((await agent.get(link)).text).toMatch(usernameField);
    const weak = await submitForm(agent, link, link, { password: 'corta', password_confirmation: 'corta' });
    expect(weak.status).toBe(422);
    expect(weak.text).toMatch(usernameField);
    const done = await submitForm(agent, link, link, { password: NEW, password_confirmation: NEW });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/login');
    expect((await agent.get('/login')).text).toContain('Tu contraseña se cambió. Ya puedes iniciar sesión.');

    expect((await session.get('/')).headers.location).toBe('/login');
    expect((await newAgent(t.app).get(link)).status).toBe(404);
    expect((await lastMail(t.db, 'password_changed', user.email)).subject).toBe('Tu contraseña de Cuentas cambió');
    await signIn(t.app, user.email, NEW);
  });

  it('expires after an hour, and a newer link replaces the older one', async () => {
    const user = await createMember(t.db);
    await submitForm(newAgent(t.app), '/password/forgot', '/password/forgot/email', { email: user.email });
    await processPasswordResetRequests(t.deps);
    const first = await linkInMail(t.db, 'password_reset', user.email);
    now = new Date(Date.now() + 61 * 60_000);
    const expired = await newAgent(t.app).get(first);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('El enlace venció');

    now = new Date();
    await submitForm(newAgent(t.app), '/password/forgot', '/password/forgot/email', { email: user.email });
    await processPasswordResetRequests(t.deps);
    const second = await linkInMail(t.db, 'password_reset', user.email);
    expect((await newAgent(t.app).get(first)).status).toBe(404);
    expect((await newAgent(t.app).get(second)).status).toBe(200);
  });

  it('checks the address format without revealing anything, and limits requests', async () => {
    const bad = await submitForm(newAgent(t.app), '/password/forgot', '/password/forgot/email', {
      email: 'sin arroba',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="sin arroba"');
    const user = await createMember(t.db);
    for (let i = 0; i < 5; i++)
      await submitForm(newAgent(t.app), '/password/forgot', '/password/forgot/email', { email: user.email });
    await processPasswordResetRequests(t.deps);
    expect(
      await t
        .db('mail_outbox')
        .where({ template: 'password_reset' })
        .whereRaw('? = ANY(to_addresses)', [user.email])
        .count('* as n')
        .first(),
    ).toEqual({ n: 3 });
    await t.db('rate_limits').where('key', 'like', 'reset:ip:%').delete();
  });
});

describe('by security questions', () => {
  async function userWithQuestions() {
    const user = await createMember(t.db);
    await createSecurityAnswers(t.db, user.id, [
      { question: 'first_pet', answer: 'Firulais' },
      { question: 'first_school', answer: 'Benito Juárez' },
      { question: 'street_grew_up', answer: 'Insurgentes Sur' },
    ]);
    return user;
  }

  async function start(email: string) {
    const agent = newAgent(t.app);
    const step1 = await submitForm(agent, '/password/forgot/questions', '/password/forgot/questions', { email });
    return { agent, step1, page: await agent.get('/password/forgot/questions') };
  }

  it('shows three questions for known and unknown addresses alike, the same ones every time', async () => {
    const user = await userWithQuestions();
    const known = await start(user.email);
    const unknown = await start('fantasma@example.test');
    expect(known.step1.status).toBe(303);
    expect(unknown.step1.status).toBe(known.step1.status);
    expect(unknown.step1.headers.location).toBe(known.step1.headers.location);
    for (const page of [known.page, unknown.page]) {
      expect(page.status).toBe(200);
      expect(page.text.match(/name="answers\[\d\]"/g)).toHaveLength(3);
    }
    expect(known.page.text).toContain('¿Cómo se llamaba tu primera mascota?');
    const again = await start('fantasma@example.test');
    const labels = (html: string) => html.match(/<label for="answer-\d">[^<]+<\/label>/g);
    expect(labels(again.page.text)).toEqual(labels(unknown.page.text));

    const wrongKnown = await known.agent
      .post('/password/forgot/questions')
      .type('form')
      .send({ _csrf: csrfFrom(known.page.text), answers: { 1: 'a', 2: 'b', 3: 'c' } });
    const wrongUnknown = await unknown.agent
      .post('/password/forgot/questions')
      .type('form')
      .send({ _csrf: csrfFrom(unknown.page.text), answers: { 1: 'a', 2: 'b', 3: 'c' } });
    expect(wrongKnown.status).toBe(422);
    expect(wrongUnknown.status).toBe(422);
    expect(textOf(wrongKnown.text)).toContain('Las respuestas no coinciden.');
    expect(textOf(wrongUnknown.text)).toContain('Las respuestas no coinciden.');
  });

  it('accepts answers whatever their case and spacing, then sets the password and tells the user', async () => {
    const user = await userWithQuestions();
    const other = await signIn(t.app, user.email);
    const { agent, page } = await start(user.email);
    const partly = await agent
      .post('/password/forgot/questions')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), answers: { 1: 'firulais', 2: 'benito juárez', 3: 'otra calle' } });
    expect(partly.status).toBe(422);
    const right = await agent
      .post('/password/forgot/questions')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), answers: { 1: '  FIRULAIS ', 2: 'benito   juárez', 3: 'insurgentes sur' } });
    expect(right.status).toBe(303);
    const passwordPage = await agent.get('/password/forgot/questions');
    expect(passwordPage.text).toContain('Crea una contraseña nueva');
    const done = await agent
      .post('/password/forgot/questions')
      .type('form')
      .send({ _csrf: csrfFrom(passwordPage.text), password: NEW, password_confirmation: NEW });
    expect(done.headers.location).toBe('/login');
    expect((await other.get('/')).headers.location).toBe('/login');
    expect(await lastMail(t.db, 'password_changed', user.email)).toBeDefined();
    await signIn(t.app, user.email, NEW);
  });

  it('counts wrong answers apart from sign-in: they lock the questions, never the password, and tell the user', async () => {
    const user = await userWithQuestions();
    const { agent, page } = await start(user.email);
    const post = (answers: Record<number, string>) =>
      agent
        .post('/password/forgot/questions')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), answers });
    // A stranger who knows only the address, seven times.
    for (let i = 0; i < 7; i++) expect((await post({ 1: 'no', 2: 'no', 3: 'no' })).status).toBe(422);

    // The real user still signs in with their password.
    await signIn(t.app, user.email);
    expect(
      await t
        .db('rate_limits')
        .where({ key: `login:email:${user.email}` })
        .first(),
    ).toBeUndefined();

    // The questions path is locked: even right answers fail, with a message that says so.
    const right = await post({ 1: 'Firulais', 2: 'Benito Juárez', 3: 'Insurgentes Sur' });
    expect(right.status).toBe(422);
    expect(textOf(right.text)).toContain('Hubo demasiados intentos con las preguntas de seguridad');
    const told = await t
      .db('mail_outbox')
      .where({ template: 'questions_locked' })
      .whereRaw('? = ANY(to_addresses)', [user.email]);
    expect(told).toHaveLength(1);
    expect(told[0].text_body).toContain('Tu contraseña no cambió y sigue funcionando');
    await t.db('rate_limits').where('key', 'like', 'recovery:%').delete();
  }, 120_000);

  it('lets a user locked out of sign-in recover with the questions', async () => {
    const user = await userWithQuestions();
    await createRateLimit(t.db, `login:email:${user.email}`, { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: 600 });
    const { agent, page } = await start(user.email);
    const right = await agent
      .post('/password/forgot/questions')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), answers: { 1: 'Firulais', 2: 'Benito Juárez', 3: 'Insurgentes Sur' } });
    expect(right.status).toBe(303);
    await t.db('rate_limits').where('key', 'like', 'login:%').delete();
  });
});

describe('GET/POST /profile/security-questions', () => {
  it('changes the questions with the current password and e-mails the user', async () => {
    const user = await createMember(t.db);
    const agent = await signIn(t.app, user.email);
    const page = await agent.get('/profile/security-questions');
    expect(page.status).toBe(200);
    const fields = {
      questions: { 1: 'first_car', 2: 'first_job', 3: 'favorite_book' },
      answers: { 1: 'Vocho', 2: 'Cajero', 3: 'Pedro Páramo' },
    };
    const wrong = await agent
      .post('/profile/security-questions')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), current_password: 'no es la mía', ...fields });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('La contraseña actual no es correcta.');
    expect(wrong.text).toMatch(/<option value="first_job" selected>/);
    const ok = await agent
      .post('/profile/security-questions')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), current_password: TEST_PASSWORD, ...fields });
    expect(ok.status).toBe(303);
    expect((await agent.get('/profile')).text).toContain('Tus preguntas de seguridad se guardaron.');
    expect(
      (await t.db('security_answers').where({ user_id: user.id }).orderBy('position')).map(
        (a: { question_key: string }) => a.question_key,
      ),
    ).toEqual(['first_car', 'first_job', 'favorite_book']);
    expect(await lastMail(t.db, 'security_questions_changed', user.email)).toBeDefined();
  });
});
