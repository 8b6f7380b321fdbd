/* The seams of the wizard and the account pages (issue 21, «The wizard and account pages»). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { accountSettingsBody, createCustomerOf, createMember, createReseller } from '../helpers/factories';
import { accountFields, RESTRICTIONS_ALLOW_ALL, WizardDriver, wizardToReview } from '../helpers/wizard';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** The error summary's items, as read. */
const summaryOf = (html: string) =>
  [...(/<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) =>
    textOf(m[1]).trim(),
  );

describe('one round of validation, each field named in the summary', () => {
  it('the wizard reports «diez», «-3» and «21» (13 left) at once, each by its label', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 20, outbound: 20, twoway: 20 } });
    await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 0, outbound: 0, twoway: 7 } });
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    await wizard.post('account', accountFields('Nueva'));
    const bad = await wizard.post('restrictions', {
      inbound_trunks: 'diez',
      outbound_trunks: '-3',
      twoway_trunks: '21',
      credit: '0',
      ...RESTRICTIONS_ALLOW_ALL,
    });
    expect(bad.response.status).toBe(422);
    expect(summaryOf(bad.response.text)).toEqual([
      'Troncales entrantes: Escribe un número entero, 0 o más.',
      'Troncales salientes: Escribe un número entero, 0 o más.',
      'Troncales bidireccionales: Solo quedan 13 disponibles.',
    ]);
  });

  it('the account step reports a taken name together with the other fields', async () => {
    const r = await createReseller(t.db);
    await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const wizard = new WizardDriver(await signIn(t.app, r.partner.email));
    const bad = await wizard.post(
      'account',
      accountFields('abc company', {
        add_admin: '1',
        admin_first_name: 'Ana',
        admin_email: 'ana@x.test',
        admin_password_mode: 'generated',
      }),
    );
    expect(bad.response.status).toBe(422);
    expect(summaryOf(bad.response.text)).toEqual([
      'Nombre de la cuenta: Ya tienes una cuenta con ese nombre.',
      'Apellido: Escribe el apellido del administrador.',
    ]);
  });

  it('«Editar cuenta» does the same', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 20, outbound: 20, twoway: 20 } });
    await createCustomerOf(t.db, r.resellerId, { name: 'Otra', trunks: { inbound: 0, outbound: 0, twoway: 7 } });
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const agent = await signIn(t.app, r.partner.email);
    const page = `/manager/accounts/${abc}/edit`;
    const bad = await submitForm(
      agent,
      page,
      page,
      accountSettingsBody({ name: 'otra', inbound_trunks: 'diez', outbound_trunks: '-3', twoway_trunks: '21' }),
    );
    expect(bad.status).toBe(422);
    expect(summaryOf(bad.text)).toEqual([
      'Nombre de la cuenta: Ya tienes una cuenta con ese nombre.',
      'Troncales entrantes: Escribe un número entero, 0 o más.',
      'Troncales salientes: Escribe un número entero, 0 o más.',
      'Troncales bidireccionales: Solo quedan 13 disponibles.',
    ]);
  });
});

describe('«Suspender cuenta» asks first', () => {
  it('links to a page saying who will lose access, and suspends only from its button', async () => {
    const r = await createReseller(t.db);
    const abc = await createCustomerOf(t.db, r.resellerId, { name: 'ABC Company' });
    const owner = await createMember(t.db, { role: 'owner', accountId: abc, firstName: 'Patricia' });
    await t.db('users').where({ id: owner.id }).update({ last_name: 'Paz' });
    await createMember(t.db, { role: 'admin', accountId: abc });
    await createMember(t.db, { role: 'member', accountId: abc });
    const blocked = await createMember(t.db, { role: 'member', accountId: abc });
    await t.db('memberships').where({ id: blocked.membershipId }).update({ blocked_at: t.db.fn.now() });
    const agent = await signIn(t.app, r.partner.email);

    const page = await agent.get(`/manager/accounts/${abc}`);
    expect(page.text).not.toContain(`action="/manager/accounts/${abc}/suspend"`);
    expect(page.text).toContain(`href="/manager/accounts/${abc}/suspend"`);

    const ask = await agent.get(`/manager/accounts/${abc}/suspend`);
    expect(ask.status).toBe(200);
    const text = textOf(ask.text);
    expect(text).toContain('Suspender ABC Company');
    expect(text).toContain('3 personas perderán el acceso a la cuenta, entre ellas su propietario, Patricia Paz.');
    expect(ask.text).toContain(`action="/manager/accounts/${abc}/suspend"`);
    expect(await t.db('accounts').where({ id: abc }).first('status')).toEqual({ status: 'active' });

    const done = await submitForm(agent, `/manager/accounts/${abc}/suspend`, `/manager/accounts/${abc}/suspend`, {});
    expect(done.status).toBe(303);
    expect(await t.db('accounts').where({ id: abc }).first('status')).toEqual({ status: 'suspended' });
    // A suspended account is not asked again: its page offers «Reactivar».
    expect((await agent.get(`/manager/accounts/${abc}/suspend`)).status).toBe(403);
  });
});

describe('after «Crear cuenta»', () => {
  it('goes with 303 to a page that shows the generated password once, and reloaded says it was shown', async () => {
    const r = await createReseller(t.db);
    const agent = await signIn(t.app, r.partner.email);
    const wizard = await wizardToReview(agent, {
      name: 'Con Clave',
      account: {
        add_admin: '1',
        admin_first_name: 'Gina',
        admin_last_name: 'Luna',
        admin_email: 'gina@clave.test',
        admin_password_mode: 'generated',
      },
    });
    const created = await wizard.post('review', {}, 'create');
    const account = await t.db('accounts').where({ name: 'Con Clave' }).first();
    expect(created.response.status).toBe(303);
    expect(created.location).toBe(`/manager/accounts/${account.id}/password`);
    const shown = created.next!;
    expect(shown.status).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(textOf(shown.text)).toContain('Se creó la cuenta «Con Clave».');
    const password = /class="one-time-password__value">([^<]+)</.exec(shown.text)![1];
    expect(password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
    // Not kept anywhere once shown.
    expect(JSON.stringify(await t.db('session').select('sess'))).not.toContain(password);

    const reloaded = await agent.get(`/manager/accounts/${account.id}/password`);
    expect(reloaded.status).toBe(200);
    expect(reloaded.text).not.toContain(password);
    expect(textOf(reloaded.text)).toContain(
      'La contraseña de gina@clave.test ya se mostró y no se puede volver a ver.',
    );
    expect(textOf(reloaded.text)).not.toContain('ya se había creado');
    expect((await agent.get(`/manager/accounts/${account.id}`)).text).not.toContain(password);
  });

  it('an account made without a generated password goes straight to its page; the password page leads there', async () => {
    const r = await createReseller(t.db);
    const agent = await signIn(t.app, r.partner.email);
    const wizard = await wizardToReview(agent, { name: 'Sin Clave' });
    const created = await wizard.post('review', {}, 'create');
    const account = await t.db('accounts').where({ name: 'Sin Clave' }).first();
    expect(created.location).toBe(`/manager/accounts/${account.id}`);
    const page = await agent.get(`/manager/accounts/${account.id}/password`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/manager/accounts/${account.id}`);
  });
});

describe('the first sign-in of an owner the wizard made with a password', () => {
  const QUESTIONS = {
    questions: { 1: 'first_car', 2: 'first_job', 3: 'favorite_book' },
    answers: { 1: 'Vocho', 2: 'Cajero', 3: 'Pedro Páramo' },
  };

  it('chooses security questions and replaces the password someone else chose, before anything else', async () => {
    const r = await createReseller(t.db);
    const partner = await signIn(t.app, r.partner.email);
    const given = 'una clave que eligió el socio';
    const wizard = await wizardToReview(partner, {
      name: 'Primer Ingreso',
      account: {
        add_admin: '1',
        admin_first_name: 'Olga',
        admin_last_name: 'Oro',
        admin_email: 'olga@primer.test',
        admin_password_mode: 'typed',
        admin_password: given,
      },
    });
    expect((await wizard.post('review', {}, 'create')).response.status).toBe(303);

    const owner = await signIn(t.app, 'olga@primer.test', given);
    expect((await owner.get('/')).headers.location).toBe('/profile/security-questions');
    const page = await owner.get('/profile/security-questions');
    const text = textOf(page.text);
    expect(text).toContain('Antes de continuar, elige tu propia contraseña y tus tres preguntas de seguridad');
    expect(page.text).toContain('name="password"');
    expect(page.text).toContain('name="password_confirmation"');

    const questionsOnly = await submitForm(owner, '/profile/security-questions', '/profile/security-questions', {
      current_password: given,
      ...QUESTIONS,
    });
    expect(questionsOnly.status).toBe(422);
    expect(textOf(questionsOnly.text)).toContain('Escribe la contraseña nueva.');
    const same = await submitForm(owner, '/profile/security-questions', '/profile/security-questions', {
      current_password: given,
      password: given,
      password_confirmation: given,
      ...QUESTIONS,
    });
    expect(same.status).toBe(422);

    const mine = 'la frase que elegí yo misma';
    const done = await submitForm(owner, '/profile/security-questions', '/profile/security-questions', {
      current_password: given,
      password: mine,
      password_confirmation: mine,
      ...QUESTIONS,
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/');
    // This session stays; the password the partner chose no longer works.
    expect((await owner.get('/')).status).toBe(200);
    await expect(signIn(t.app, 'olga@primer.test', given)).rejects.toThrow();
    const again = await signIn(t.app, 'olga@primer.test', mine);
    expect((await again.get('/')).status).toBe(200);
    expect(
      await t
        .db('security_answers')
        .join('users', 'users.id', 'security_answers.user_id')
        .where({ email: 'olga@primer.test' })
        .count('* as n')
        .first(),
    ).toEqual({ n: 3 });
  });
});
