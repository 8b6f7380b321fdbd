/* The seams of the wizard and the account pages (issue 21, «The wizard and account pages»). */
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import { accountSettingsBody, createCustomerOf, createReseller } from '../helpers/factories';
import { accountFields, RESTRICTIONS_ALLOW_ALL, WizardDriver } from '../helpers/wizard';

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
