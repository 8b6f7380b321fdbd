import { buildTestApp, type TestApp } from '../helpers/app';
import { csrfFrom, newAgent, signIn, submitForm, textOf, type Agent } from '../helpers/agent';
import { createAccount, createAccountNumber, createInvitedUser, createMember } from '../helpers/factories';
import { lastMail, linkInMail } from '../helpers/mail';
import { closedPort, startSmtpSink, type SmtpSink } from '../helpers/smtp';

let t: TestApp;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await buildTestApp({ smtpUrl: sink.url });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

/** An account with an owner, an admin and a tickets-only member, each signed in. */
async function team() {
  const accountId = await createAccount(t.db, { name: `Equipo ${Date.now()}` });
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const admin = await createMember(t.db, { role: 'admin', accountId, firstName: 'Adán' });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Mario' });
  const n1 = await createAccountNumber(t.db, accountId);
  const n2 = await createAccountNumber(t.db, accountId);
  return { accountId, owner, admin, member, numbers: [n1, n2] as const };
}

async function post(agent: Agent, page: string, action: string, fields: Record<string, unknown> = {}) {
  return submitForm(agent, page, action, fields);
}

describe('GET /users', () => {
  it("lists the account's users with their status to the owner and admins, and refuses members", async () => {
    const { owner, admin, member } = await team();
    const list = await (await signIn(t.app, owner.email)).get('/users');
    expect(list.status).toBe(200);
    const text = textOf(list.text);
    expect(text).toContain('Administrar usuarios');
    expect(text).toContain(admin.email);
    expect(text).toContain(member.email);
    expect(text).toContain('Activo');
    expect((await (await signIn(t.app, admin.email)).get('/users')).status).toBe(200);
    expect((await (await signIn(t.app, member.email)).get('/users')).status).toBe(403);
  });

  it('lists users by name, and filters them by status (Activo, Invitado, Bloqueado)', async () => {
    const accountId = await createAccount(t.db);
    const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Marta' });
    await createMember(t.db, { role: 'admin', accountId, firstName: 'Zoe' });
    await createInvitedUser(t.db, accountId, { firstName: 'Beto' });
    const blocked = await createMember(t.db, { role: 'member', accountId, firstName: 'Ana' });
    await t.db('memberships').where({ id: blocked.membershipId }).update({ blocked_at: t.db.fn.now() });
    const agent = await signIn(t.app, owner.email);
    const names = (html: string) => [...html.matchAll(/<strong>(\w+) Usuario<\/strong>/g)].map((m) => m[1]);

    const all = await agent.get('/users');
    expect(names(all.text)).toEqual(['Ana', 'Beto', 'Marta', 'Zoe']);
    expect(all.text).toMatch(/<select[^>]*name="status"/);
    expect(names((await agent.get('/users?status=invited')).text)).toEqual(['Beto']);
    expect(names((await agent.get('/users?status=blocked')).text)).toEqual(['Ana']);
    const active = await agent.get('/users?status=active');
    expect(names(active.text)).toEqual(['Marta', 'Zoe']);
    expect(active.text).toMatch(/<option value="active" selected>Activo<\/option>/);
    // An unknown status is no filter at all.
    expect(names((await agent.get('/users?status=nadie')).text)).toEqual(['Ana', 'Beto', 'Marta', 'Zoe']);
  });

  it("shows another account's user as not found", async () => {
    const { owner } = await team();
    const other = await team();
    const agent = await signIn(t.app, owner.email);
    expect((await agent.get(`/users/${other.member.membershipId}`)).status).toBe(404);
    expect((await agent.get(`/users/${other.member.membershipId}/edit`)).status).toBe(404);
    const home = await agent.get('/');
    const blocked = await agent
      .post(`/users/${other.member.membershipId}/block`)
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(blocked.status).toBe(404);
    expect((await t.db('memberships').where({ id: other.member.membershipId }).first()).blocked_at).toBeNull();
  });
});

describe('POST /users/new', () => {
  it('invites a new person: listed as Invitado, with a "Regístrate ahora" e-mail delivered', async () => {
    const { owner, accountId, numbers } = await team();
    const agent = await signIn(t.app, owner.email);
    const response = await post(agent, '/users/new', '/users/new', {
      first_name: 'Nora',
      last_name: 'Vega',
      email: ' Nora.Vega@Example.test ',
      title: 'Compras',
      role: 'member',
      permissions: ['invoices', 'services'],
      account_number: numbers[0],
      account_id: '1',
      user_id: '1',
    });
    expect(response.status).toBe(303);
    const page = await agent.get(response.headers.location);
    expect(page.text).toContain('Enviamos la invitación a nora.vega@example.test.');
    expect(textOf(page.text)).toContain('Invitado');

    const membership = await t
      .db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('u.email', 'nora.vega@example.test')
      .first('m.*', 'u.password_hash');
    expect(membership).toMatchObject({
      account_id: accountId,
      role: 'member',
      account_scope: 'assigned',
      accepted_at: null,
      password_hash: null,
    });
    expect([...membership.permissions].sort()).toEqual(['invoices', 'services']);
    const mail = await lastMail(t.db, 'invitation', 'nora.vega@example.test');
    expect(mail.status).toBe('sent');
    expect(mail.text_body).toContain('Regístrate ahora');
    expect(sink.received.some((m) => m.to.includes('nora.vega@example.test'))).toBe(true);
    expect(await linkInMail(t.db, 'invitation', 'nora.vega@example.test')).toMatch(
      /^\/invitations\/[A-Za-z0-9_-]{43}$/,
    );
    const contact = await t.db('contacts').where({ account_id: accountId, email: 'nora.vega@example.test' }).first();
    expect(contact.authorization_status).toBe('authorized');
  });

  it('answers 422 with values kept and a message beside each field', async () => {
    const { owner, numbers } = await team();
    const agent = await signIn(t.app, owner.email);
    const response = await post(agent, '/users/new', '/users/new', {
      first_name: 'Ana',
      last_name: '',
      email: 'no-es-correo',
      title: 'Jefa',
      role: 'member',
      permissions: ['tickets'],
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('value="Ana"');
    expect(response.text).toContain('value="no-es-correo"');
    expect(response.text).toContain('Escribe el apellido.');
    expect(response.text).toContain('Escribe un correo electrónico válido');
    expect(response.text).toMatch(/value="tickets" id="permission-tickets"\s+checked/);

    const foreign = (await team()).numbers[0];
    const unknown = await post(agent, '/users/new', '/users/new', {
      first_name: 'Ana',
      last_name: 'Paz',
      email: 'ana.paz@example.test',
      role: 'member',
      account_number: `${numbers[0]}, ${foreign}`,
    });
    expect(unknown.status).toBe(422);
    expect(textOf(unknown.text)).toContain(`Estos números no pertenecen a esta cuenta: ${foreign}.`);
    expect(await t.db('users').where({ email: 'ana.paz@example.test' }).first()).toBeUndefined();
  });

  it('refuses a duplicate: a current member or a pending invitation', async () => {
    const { owner, admin } = await team();
    const agent = await signIn(t.app, owner.email);
    const member = await post(agent, '/users/new', '/users/new', {
      first_name: 'A',
      last_name: 'B',
      email: admin.email,
      role: 'member',
    });
    expect(member.status).toBe(422);
    expect(member.text).toContain('Esta persona ya es usuaria de la cuenta.');
    await post(agent, '/users/new', '/users/new', {
      first_name: 'Pia',
      last_name: 'Ro',
      email: 'pia@example.test',
      role: 'member',
    });
    const again = await post(agent, '/users/new', '/users/new', {
      first_name: 'Pia',
      last_name: 'Ro',
      email: 'pia@example.test',
      role: 'member',
    });
    expect(again.status).toBe(422);
    expect(again.text).toContain('ya tiene una invitación pendiente');
    expect(
      await t
        .db('memberships as m')
        .join('users as u', 'u.id', 'm.user_id')
        .where('u.email', 'pia@example.test')
        .count('* as n')
        .first(),
    ).toEqual({ n: 1 });
  });

  it('invites someone who already has a login elsewhere with "ingresa con tu ID"', async () => {
    const { owner } = await team();
    const elsewhere = await createMember(t.db, { role: 'owner' });
    const agent = await signIn(t.app, owner.email);
    const response = await post(agent, '/users/new', '/users/new', {
      first_name: 'Otra',
      last_name: 'Vez',
      email: elsewhere.email,
      role: 'admin',
    });
    expect(response.status).toBe(303);
    const mail = await lastMail(t.db, 'invitation_existing', elsewhere.email);
    expect(mail.text_body).toContain('ingresa con tu ID');
  });
});

describe('editing, blocking and resetting', () => {
  it("edits details and role; the old address is told when a registered user's e-mail changes", async () => {
    const { owner, member } = await team();
    const agent = await signIn(t.app, owner.email);
    const page = `/users/${member.membershipId}/edit`;
    const response = await post(agent, page, page, {
      first_name: 'Mario',
      last_name: 'Soto',
      email: 'mario.soto@example.test',
      department: 'Ventas',
      title: 'Gerente',
      role: 'admin',
      account_id: '999',
    });
    expect(response.status).toBe(303);
    const row = await t
      .db('memberships as m')
      .join('users as u', 'u.id', 'm.user_id')
      .where('m.id', member.membershipId)
      .first('m.role', 'm.account_id', 'u.email', 'u.department');
    expect(row).toMatchObject({
      role: 'admin',
      email: 'mario.soto@example.test',
      department: 'Ventas',
      account_id: member.accountId,
    });
    const told = await lastMail(t.db, 'email_changed', member.email);
    expect(told.text_body).toContain('mario.soto@example.test');
    expect(
      await t.db('audit_events').where({ action: 'user.updated', target_id: member.membershipId }).first(),
    ).toBeDefined();
  });

  it("keeps the owner out of an admin's reach, and nobody can change their own role or block themselves", async () => {
    const { owner, admin } = await team();
    const adminAgent = await signIn(t.app, admin.email);
    expect((await adminAgent.get(`/users/${owner.membershipId}/edit`)).status).toBe(403);
    const home = await adminAgent.get('/users');
    const token = csrfFrom(home.text);
    expect(
      (await adminAgent.post(`/users/${owner.membershipId}/block`).type('form').send({ _csrf: token })).status,
    ).toBe(403);
    expect(
      (await adminAgent.post(`/users/${owner.membershipId}/reset-password`).type('form').send({ _csrf: token })).status,
    ).toBe(403);
    expect(
      (await adminAgent.post(`/users/${admin.membershipId}/block`).type('form').send({ _csrf: token })).status,
    ).toBe(403);

    const page = `/users/${admin.membershipId}/edit`;
    await post(adminAgent, page, page, {
      first_name: 'Adán',
      last_name: 'Usuario',
      email: admin.email,
      role: 'member',
    });
    expect((await t.db('memberships').where({ id: admin.membershipId }).first()).role).toBe('admin');
    expect((await t.db('memberships').where({ id: owner.membershipId }).first()).role).toBe('owner');
  });

  it('blocks a user: their open session ends at its next request and sign-in is refused like a wrong password', async () => {
    const { owner, member } = await team();
    const ownerAgent = await signIn(t.app, owner.email);
    const memberAgent = await signIn(t.app, member.email);
    expect((await memberAgent.get('/')).status).toBe(200);

    const blocked = await post(ownerAgent, `/users/${member.membershipId}`, `/users/${member.membershipId}/block`);
    expect(blocked.status).toBe(303);
    expect((await ownerAgent.get(blocked.headers.location)).text).toContain('Se bloqueó el acceso al portal de Mario');
    expect((await memberAgent.get('/')).headers.location).toBe('/login');
    const again = await submitForm(newAgent(t.app), '/login', '/login', {
      email: member.email,
      password: 'correct horse battery staple',
    });
    expect(again.status).toBe(401);
    expect(textOf(again.text)).toContain('El correo electrónico o la contraseña no son correctos');

    await post(ownerAgent, `/users/${member.membershipId}`, `/users/${member.membershipId}/unblock`);
    expect((await t.db('memberships').where({ id: member.membershipId }).first()).blocked_at).toBeNull();
    await signIn(t.app, member.email);
  });

  it('sends a reset link to a registered user, and not to one still invited', async () => {
    const { owner, member } = await team();
    const agent = await signIn(t.app, owner.email);
    const response = await post(agent, `/users/${member.membershipId}`, `/users/${member.membershipId}/reset-password`);
    expect(response.status).toBe(303);
    expect(await linkInMail(t.db, 'password_reset', member.email)).toMatch(/^\/password\/reset\/[A-Za-z0-9_-]{43}$/);

    const invited = await createInvitedUser(t.db, member.accountId);
    const refused = await post(agent, '/users', `/users/${invited.membershipId}/reset-password`);
    expect(refused.status).toBe(403);
  });
});

describe("correcting an invited user's address with Editar detalles", () => {
  it('kills the link sent to the old address and asks to resend', async () => {
    const { owner } = await team();
    const agent = await signIn(t.app, owner.email);
    const added = await post(agent, '/users/new', '/users/new', {
      first_name: 'Eva',
      last_name: 'Typo',
      email: 'eva.tpyo@example.test',
      role: 'member',
    });
    const oldLink = await linkInMail(t.db, 'invitation', 'eva.tpyo@example.test');
    const edit = `${added.headers.location}/edit`;
    const saved = await post(agent, edit, edit, {
      first_name: 'Eva',
      last_name: 'Typo',
      email: 'eva.typo@example.test',
      role: 'member',
    });
    expect(textOf((await agent.get(saved.headers.location)).text)).toContain(
      'reenvía la invitación a la dirección nueva',
    );
    expect((await newAgent(t.app).get(oldLink)).status).toBe(404);
  });
});

describe('POST /users/:id/resend-invitation', () => {
  async function invite(agent: Agent, email: string) {
    const response = await post(agent, '/users/new', '/users/new', {
      first_name: 'Inés',
      last_name: 'Rey',
      email,
      role: 'member',
    });
    return { path: response.headers.location, link: await linkInMail(t.db, 'invitation', email) };
  }

  it('sends a new link, to a corrected address, and the old link dies', async () => {
    const { owner } = await team();
    const agent = await signIn(t.app, owner.email);
    const first = await invite(agent, 'ines.typo@example.test');
    const response = await post(agent, first.path, `${first.path}/resend-invitation`, {
      email: 'ines.rey@example.test',
    });
    expect(response.status).toBe(303);
    expect((await agent.get(first.path)).text).toContain('Reenviamos la invitación a ines.rey@example.test.');
    const second = await linkInMail(t.db, 'invitation', 'ines.rey@example.test');
    expect(second).not.toBe(first.link);
    const old = await newAgent(t.app).get(first.link);
    expect(old.status).toBe(404);
    expect(old.text).toContain('Esta invitación no es válida');
    expect((await newAgent(t.app).get(second)).status).toBe(200);
  });

  it('shows "No se pudo enviar…" when SMTP refuses, keeping what was typed and changing nothing', async () => {
    const refusing = await startSmtpSink({ refuse: true });
    const down = await buildTestApp({ smtpUrl: refusing.url });
    try {
      const accountId = await createAccount(down.db);
      const owner = await createMember(down.db, { role: 'owner', accountId });
      const agent = await signIn(down.app, owner.email);
      const added = await submitForm(agent, '/users/new', '/users/new', {
        first_name: 'Inés',
        last_name: 'Rey',
        email: 'ines@example.test',
        role: 'member',
      });
      const page = await agent.get(added.headers.location);
      expect(page.text).toContain('No se pudo enviar el correo electrónico de invitación');

      const resend = await submitForm(agent, added.headers.location, `${added.headers.location}/resend-invitation`, {
        email: 'ines.corregida@example.test',
      });
      expect(resend.status).toBe(303);
      const again = await agent.get(resend.headers.location);
      expect(again.text).toContain('No se pudo enviar el correo electrónico de invitación');
      expect(again.text).toContain('value="ines.corregida@example.test"');
      expect(await down.db('users').where({ email: 'ines.corregida@example.test' }).first()).toBeUndefined();
      const user = await down.db('users').where({ email: 'ines@example.test' }).first();
      expect(await down.db('memberships').where({ user_id: user.id, account_id: accountId }).first()).toBeDefined();
    } finally {
      await down.close();
      await refusing.close();
    }
  });

  it('also shows the message when the SMTP server cannot be reached', async () => {
    const down = await buildTestApp({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
    try {
      const owner = await createMember(down.db, { role: 'owner' });
      const agent = await signIn(down.app, owner.email);
      const added = await submitForm(agent, '/users/new', '/users/new', {
        first_name: 'Luz',
        last_name: 'Mar',
        email: 'luz@example.test',
        role: 'member',
      });
      const resend = await submitForm(agent, added.headers.location, `${added.headers.location}/resend-invitation`, {
        email: 'luz@example.test',
      });
      expect(resend.status).toBe(303);
      expect((await agent.get(resend.headers.location)).text).toContain(
        'No se pudo enviar el correo electrónico de invitación',
      );
    } finally {
      await down.close();
    }
  });
});

describe('assigned account numbers', () => {
  it('adds by number, refuses unknown and foreign numbers alike, removes with ✕, and opens all', async () => {
    const { owner, member, numbers } = await team();
    const foreign = (await team()).numbers[0];
    const agent = await signIn(t.app, owner.email);
    const page = `/users/${member.membershipId}/account-numbers`;
    expect((await agent.get(page)).text).toContain('Ahora ve todos los números de cuenta');

    expect((await post(agent, page, page, { account_number: numbers[0] })).status).toBe(303);
    const after = await agent.get(page);
    expect(after.text).toContain(`Se asignó el número ${numbers[0]}.`);
    expect((await t.db('memberships').where({ id: member.membershipId }).first()).account_scope).toBe('assigned');

    for (const bad of [foreign, '123456789012']) {
      const refused = await post(agent, page, page, { account_number: bad });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain(`No encontramos el número ${bad} en esta cuenta.`);
      expect(refused.text).toContain(`value="${bad}"`);
    }
    expect((await post(agent, page, page, { account_number: 'abc' })).status).toBe(422);
    expect((await post(agent, page, page, { account_number: numbers[0] })).text).toContain(
      'Ese número ya está asignado.',
    );

    const numberId = (await t.db('account_numbers').where({ number: numbers[0] }).first()).id;
    expect((await post(agent, page, `${page}/${numberId}/delete`)).status).toBe(303);
    expect((await agent.get(page)).text).toContain('No tiene números asignados');
    await post(agent, page, page, { scope: 'all' });
    expect((await t.db('memberships').where({ id: member.membershipId }).first()).account_scope).toBe('all');
  });

  it('is only for members', async () => {
    const { owner, admin } = await team();
    expect((await (await signIn(t.app, owner.email)).get(`/users/${admin.membershipId}/account-numbers`)).status).toBe(
      403,
    );
  });
});
