import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import {
  accountNumberId,
  assignAccountNumbers,
  createAccount,
  createAccountNumber,
  createContactRow,
  createInvoice,
  createMember,
  setTelephony,
} from '../helpers/factories';
import { lastMail } from '../helpers/mail';
import type { InboundMail } from '../../src/mail/inbound-parse';
import { fileInboundMail } from '../../src/services/inbound-filing';

/** Issue 12, item 7: what the e-mails and pages say, in both languages. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('a password reset started by a manager', () => {
  it('says who started it, instead of the self-service «Si no lo pediste…»', async () => {
    const accountId = await createAccount(t.db, { name: 'Quién Pidió SA' });
    const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
    const member = await createMember(t.db, { role: 'member', accountId });
    const agent = await signIn(t.app, owner.email);
    await submitForm(agent, `/users/${member.membershipId}`, `/users/${member.membershipId}/reset-password`, {});
    const mail = await lastMail(t.db, 'password_reset', member.email);
    expect(mail.text_body).toContain('Olga Usuario, de Quién Pidió SA, pidió que restablezcas');
    expect(mail.text_body).not.toContain('Si no lo pediste');

    await t.db('users').where({ id: member.id }).update({ locale: 'en' });
    await submitForm(agent, `/users/${member.membershipId}`, `/users/${member.membershipId}/reset-password`, {});
    const english = await lastMail(t.db, 'password_reset', member.email);
    expect(english.text_body).toContain('Olga Usuario, of Quién Pidió SA, asked for the password');
    expect(english.text_body).not.toContain('If you did not ask for it');

    // Asked for by the person themselves, it is still the self-service message.
    await submitForm(agent, '/password/forgot', '/password/forgot/email', { email: owner.email });
  });
});

describe('an invitation', () => {
  it('tells a limited user which sections they will use, and an admin what an admin does', async () => {
    const owner = await createMember(t.db, { role: 'owner' });
    const agent = await signIn(t.app, owner.email);
    await submitForm(agent, '/users/new', '/users/new', {
      first_name: 'Lía',
      last_name: 'Limitada',
      email: 'lia.limitada@example.test',
      role: 'member',
      permissions: ['tickets', 'invoices'],
    });
    const limited = (await lastMail(t.db, 'invitation', 'lia.limitada@example.test')).text_body as string;
    expect(limited).not.toContain('administrar');
    expect(limited).toContain('Podrás usar estas secciones: Facturas y Tickets.');

    await submitForm(agent, '/users/new', '/users/new', {
      first_name: 'Ada',
      last_name: 'Admin',
      email: 'ada.admin@example.test',
      role: 'admin',
      locale: 'en',
    });
    const admin = (await lastMail(t.db, 'invitation', 'ada.admin@example.test')).text_body as string;
    expect(admin).toContain('You will be an administrator of the account');

    await submitForm(agent, '/users/new', '/users/new', {
      first_name: 'Nadia',
      last_name: 'Nada',
      email: 'nadia.nada@example.test',
      role: 'member',
    });
    expect((await lastMail(t.db, 'invitation', 'nadia.nada@example.test')).text_body).toContain(
      'Por ahora no tendrás ninguna sección asignada',
    );
  });
});

describe('counts', () => {
  it('agree with their number on the dashboard, in both languages', async () => {
    const accountId = await createAccount(t.db, { name: 'Uno de Cada' });
    const owner = await createMember(t.db, { role: 'owner', accountId });
    await createContactRow(t.db, accountId, { email: owner.email });
    await setTelephony(t.db, accountId, { inboundTrunks: 1 });
    const numberId = await accountNumberId(t.db, await createAccountNumber(t.db, accountId));
    await createInvoice(t.db, accountId, numberId, { status: 'unpaid' });
    const agent = await signIn(t.app, owner.email);
    const one = textOf((await agent.get('/')).text);
    for (const phrase of ['Pendiente de pago en 1 factura', 'Contacto registrado', 'Usuario del portal', '1 troncal'])
      expect(one).toContain(phrase);
    expect(one).not.toMatch(/\(s\)|bloqueados|1 troncales/);

    await createInvoice(t.db, accountId, numberId, { status: 'overdue' });
    await createContactRow(t.db, accountId);
    await createMember(t.db, { role: 'member', accountId });
    await t.db('memberships').where({ account_id: accountId, role: 'member' }).update({ blocked_at: t.db.fn.now() });
    const two = textOf((await agent.get('/')).text);
    for (const phrase of [
      'Pendiente de pago en 2 facturas',
      'Contactos registrados',
      'Usuarios del portal (1 bloqueado)',
    ])
      expect(two).toContain(phrase);

    await agent.get('/language/en?next=/');
    const english = textOf((await agent.get('/')).text);
    expect(english).toContain('Due across 2 invoices');
    expect(english).toContain('Portal users (1 blocked)');
    expect(english).toContain('1 trunk');
  });

  it('agree in the user list and the invoice flash', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const limited = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId });
    const numberId = await accountNumberId(t.db, await createAccountNumber(t.db, accountId));
    await assignAccountNumbers(t.db, limited.membershipId, accountId, [numberId]);
    const agent = await signIn(t.app, owner.email);
    const list = textOf((await agent.get('/users')).text);
    expect(list).toContain('1 asignado');
    expect(list).not.toContain('1 asignados');

    await createContactRow(t.db, accountId, { emailTypes: ['invoice'] });
    const invoice = await createInvoice(t.db, accountId, numberId);
    const sent = await submitForm(agent, `/invoices/${invoice.number}`, `/invoices/${invoice.number}/email`, {});
    expect(textOf((await agent.get(sent.headers.location)).text)).toContain('Enviamos la factura a 1 contacto.');
  });
});

describe('the helpdesk', () => {
  it('counts the requests a validation released', async () => {
    const platform = await createAccount(t.db, { kind: 'platform', sections: [] });
    const staff = await signIn(t.app, (await createMember(t.db, { role: 'member', accountId: platform })).email);
    const accountId = await createAccount(t.db);
    const validate = async (email: string) => {
      const contact = await createContactRow(t.db, accountId, { email, status: 'unverified' });
      const done = await submitForm(staff, '/staff', `/staff/contacts/${contact.id}/validate`, { note: 'Llamada' });
      return textOf((await staff.get(done.headers.location)).text);
    };
    const held = (n: number): InboundMail => ({
      messageId: `<plural-${n}-${Date.now()}@mail.example>`,
      fromAddress: 'retenido@cliente.test',
      fromName: 'Retenido',
      subject: `Solicitud ${n}`,
      text: 'Hola',
      inReplyTo: '',
      references: [],
      automatic: false,
      bounce: false,
    });
    for (const n of [1, 2]) await fileInboundMail(t.deps, held(n));
    expect(await validate('retenido@cliente.test')).toContain(
      'Se validó a retenido@cliente.test y se liberaron 2 solicitudes retenidas.',
    );
    expect(await validate('sin-nada@cliente.test')).toContain(
      'Se validó a sin-nada@cliente.test; no tenía solicitudes retenidas.',
    );
  });
});

describe('the staff account lookup', () => {
  it('says «Buscar» once', async () => {
    const platform = await createAccount(t.db, { kind: 'platform', sections: [] });
    const agent = await createMember(t.db, { role: 'member', accountId: platform });
    const page = textOf((await (await signIn(t.app, agent.email)).get('/staff/accounts')).text);
    // «Buscar cuentas» is the page's title; the search itself says «Buscar» once, on its button.
    expect(page.match(/\bBuscar\b(?! cuentas)/g)).toHaveLength(1);
  });
});

describe('one vocabulary for trunks and call restrictions (issue 21)', () => {
  it("the customer's «Información de la cuenta» says what the Accounts Manager says", async () => {
    const accountId = await createAccount(t.db, { name: 'Vocabulario SA' });
    const owner = await createMember(t.db, { role: 'owner', accountId });
    const text = textOf((await (await signIn(t.app, owner.email)).get('/account')).text);
    expect(text).toContain('Troncales entrantes');
    expect(text).toContain('Troncales salientes');
    expect(text).toContain('Prepago («bypass»)');
    expect(text).toContain('Permitidas');
    expect(text).toContain('Denegadas');
    for (const old of ['Troncales de entrada', 'Troncales de salida', 'Exceder troncales', 'Bloqueadas']) {
      expect(text).not.toContain(old);
    }
  });
});
