import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, signIn, submitForm, textOf } from '../helpers/agent';
import { createMember, TEST_PASSWORD } from '../helpers/factories';
import { passwordProblem } from '../../src/domain/password-policy';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('GET/POST /profile', () => {
  it('shows the identifiers and saves them with a confirmation', async () => {
    const owner = await createMember(t.db, { firstName: 'Patricia' });
    const agent = await signIn(t.app, owner.email);
    const page = await agent.get('/profile');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1 id="profile-title">Mi perfil</h1>');
    expect(page.text).toContain('value="Patricia"');

    const saved = await submitForm(agent, '/profile', '/profile', {
      first_name: ' Patricia ',
      last_name: 'Gómez',
      department: 'Dirección',
      employee_number: 'E-0001',
      email: 'otra@example.test',
      id: '999',
      session_version: '0',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/profile');
    const after = await agent.get('/profile');
    expect(after.text).toContain('Tus datos se guardaron.');
    expect(after.text).toContain('value="Dirección"');
    const row = await t.db('users').where({ id: owner.id }).first();
    expect(row).toMatchObject({
      first_name: 'Patricia',
      last_name: 'Gómez',
      department: 'Dirección',
      employee_number: 'E-0001',
      email: owner.email,
    });
  });

  it('answers 422 with the values kept and a message beside each bad field', async () => {
    const owner = await createMember(t.db, { firstName: 'Olga' });
    const agent = await signIn(t.app, owner.email);
    const response = await submitForm(agent, '/profile', '/profile', {
      first_name: 'Olga\r\nBcc: x@example.test',
      last_name: '',
      department: '<b>Ventas</b>',
      employee_number: 'E#1',
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('El nombre no puede tener saltos de línea');
    expect(response.text).toContain('Escribe tu apellido.');
    expect(response.text).toContain('Usa solo letras, números');
    expect(response.text).toContain('value="&lt;b&gt;Ventas&lt;/b&gt;"');
    expect(response.text).not.toContain('<b>Ventas</b>');
    expect((await t.db('users').where({ id: owner.id }).first()).first_name).toBe('Olga');
  });
});

describe('GET/POST /profile/password', () => {
  const NEW = 'una frase larga y nueva';

  it('changes the password, keeps this session, ends the others and e-mails the user', async () => {
    const user = await createMember(t.db);
    const here = await signIn(t.app, user.email);
    const elsewhere = await signIn(t.app, user.email);

    const response = await submitForm(here, '/profile/password', '/profile/password', {
      current_password: TEST_PASSWORD,
      password: NEW,
      password_confirmation: NEW,
    });
    expect(response.status).toBe(303);
    expect((await here.get('/profile')).text).toContain('Tu contraseña se cambió.');
    expect((await elsewhere.get('/')).headers.location).toBe('/login');

    const mail = await t.db('mail_outbox').where({ template: 'password_changed' }).first();
    expect(mail.to_addresses).toEqual([user.email]);
    expect(mail.subject).toBe('Tu contraseña de Cuentas cambió');
    expect(mail.text_body).not.toContain(NEW);
    expect(
      await t.db('audit_events').where({ action: 'password.changed', actor_user_id: user.id }).first(),
    ).toBeDefined();

    await signIn(t.app, user.email, NEW);
    await expect(signIn(t.app, user.email, TEST_PASSWORD)).rejects.toThrow(/401/);
  });

  it('refuses a wrong current password and weak new ones, echoing no password', async () => {
    const user = await createMember(t.db);
    const agent = await signIn(t.app, user.email);
    const wrong = await submitForm(agent, '/profile/password', '/profile/password', {
      current_password: 'not it at all',
      password: NEW,
      password_confirmation: NEW,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('La contraseña actual no es correcta.');
    expect(wrong.text).not.toContain(NEW);

    const cases: [string, string, string][] = [
      ['corta', 'corta', 'al menos 12 caracteres'],
      ['password1234', 'password1234', 'muy común'],
      [NEW, NEW + 'x', 'no coinciden'],
      ['ñ'.repeat(40), 'ñ'.repeat(40), 'demasiado larga'],
      [user.email, user.email, 'no puede ser tu correo'],
    ];
    for (const [password, confirmation, message] of cases) {
      const response = await submitForm(agent, '/profile/password', '/profile/password', {
        current_password: TEST_PASSWORD,
        password,
        password_confirmation: confirmation,
      });
      expect(response.status).toBe(422);
      expect(textOf(response.text)).toContain(message);
    }
    expect(
      await t
        .db('mail_outbox')
        .where({ template: 'password_changed', to_addresses: [user.email] })
        .first(),
    ).toBeUndefined();
  });

  it('counts wrong current passwords toward the sign-in lockout', async () => {
    const user = await createMember(t.db);
    const agent = await signIn(t.app, user.email);
    const page = await agent.get('/profile/password');
    for (let i = 0; i < 5; i++) {
      await agent
        .post('/profile/password')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          current_password: `wrong ${i} wrong`,
          password: NEW,
          password_confirmation: NEW,
        });
    }
    const right = await agent
      .post('/profile/password')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), current_password: TEST_PASSWORD, password: NEW, password_confirmation: NEW });
    expect(right.status).toBe(422);
    await expect(signIn(t.app, user.email)).rejects.toThrow(/401/);
  });
});

describe('password policy', () => {
  it('allows any characters, counts characters for the minimum and bytes for the maximum', () => {
    expect(passwordProblem('contraseña con ñ y espacios')).toBeNull();
    expect(passwordProblem('ñññññññññññ')).toBe('too_short');
    expect(passwordProblem('ññññññññññññ')).toBe('common');
    expect(passwordProblem('ab'.repeat(36))).toBeNull();
    expect(passwordProblem('ab'.repeat(36) + 'c')).toBe('too_long');
    expect(passwordProblem('Password1234')).toBe('common');
    expect(passwordProblem('ana.lopez.mx', 'ana.lopez.mx@example.test')).toBe('email');
  });
});
