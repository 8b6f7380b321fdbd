import { parse } from 'csv-parse/sync';
import { buildTestApp, type TestApp } from '../helpers/app';
import { signIn, submitForm, textOf } from '../helpers/agent';
import {
  accountSettingsBody,
  createAccount,
  createAuditEvents,
  createCustomerOf,
  createMember,
  createReseller,
} from '../helpers/factories';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it("shows the owner who did what in the account, newest first, without the helpdesk's internal work", async () => {
  const accountId = await createAccount(t.db);
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const member = await createMember(t.db, { role: 'member', permissions: ['tickets'], accountId, firstName: 'Mario' });
  expect((await (await signIn(t.app, member.email)).get('/activity')).status).toBe(403);
  const agent = await signIn(t.app, owner.email);
  await submitForm(agent, `/users/${member.membershipId}`, `/users/${member.membershipId}/block`, {});
  await createAuditEvents(t.db, accountId, [{ action: 'ticket.note_added', actorUserId: owner.id }]);

  const page = await agent.get('/activity');
  expect(page.status).toBe(200);
  const text = textOf(page.text);
  expect(text).toContain('Olga Usuario bloqueó el acceso de un usuario: Mario Usuario');
  expect(text).toContain('Olga Usuario inició sesión');
  expect(text.indexOf('bloqueó')).toBeLessThan(text.indexOf('inició sesión'));
  expect(text).not.toContain('nota interna');
});

it('pages through long histories', async () => {
  const accountId = await createAccount(t.db);
  const owner = await createMember(t.db, { role: 'owner', accountId });
  await createAuditEvents(
    t.db,
    accountId,
    Array.from({ length: 60 }, (_, i) => ({
      action: 'contact.created' as const,
      metadata: { email: `c${i + 1}@x.test` },
    })),
  );
  const agent = await signIn(t.app, owner.email);
  const first = await agent.get('/activity');
  expect(first.text).not.toContain('Anterior');
  const older = /href="(\/activity\?after=\d+)"/.exec(first.text)![1];
  const second = await agent.get(older);
  expect(textOf(second.text)).toContain('c1@x.test');
  expect(textOf(first.text)).not.toContain('(c1@x.test)');
  expect(second.text).not.toContain('Siguiente');

  // «Anterior» leads back to the newest page.
  const newer = /href="(\/activity\?before=\d+)"/.exec(second.text)![1];
  expect(textOf((await agent.get(newer)).text)).toBe(textOf(first.text));
});

it('names the person an event was about only when it was someone else («aceptó su invitación», not «…: Begoña Núñez»)', async () => {
  const accountId = await createAccount(t.db);
  const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
  const invited = await createMember(t.db, { role: 'member', accountId, firstName: 'Begoña' });
  await t.db('audit_events').insert([
    {
      account_id: accountId,
      action: 'invitation.accepted',
      actor_user_id: invited.id,
      target_type: 'membership',
      target_id: invited.membershipId,
    },
  ]);
  const text = textOf((await (await signIn(t.app, owner.email)).get('/activity')).text);
  expect(text).toContain('Begoña Usuario aceptó su invitación');
  expect(text).not.toContain('aceptó su invitación: Begoña Usuario');
});

describe('what changed (issue 22, item 12)', () => {
  it('shows the fields an edit changed with before and after: the trunks moved from 50 to 60, a new e-mail', async () => {
    const r = await createReseller(t.db, { pool: { inbound: 100, outbound: 100, twoway: 20 } });
    const abc = await createCustomerOf(t.db, r.resellerId, { trunks: { inbound: 50, outbound: 5, twoway: 2 } });
    const owner = await createMember(t.db, { role: 'owner', accountId: abc, firstName: 'Olga' });
    const member = await createMember(t.db, { role: 'member', accountId: abc, email: 'mario@abc.example' });
    const partner = await signIn(t.app, r.partner.email);
    const page = `/manager/accounts/${abc}/edit`;
    const body = accountSettingsBody({ inbound_trunks: '60', outbound_trunks: '5', twoway_trunks: '2' });
    expect((await submitForm(partner, page, page, body)).status).toBe(303);

    const agent = await signIn(t.app, owner.email);
    const edit = `/users/${member.membershipId}/edit`;
    const edited = await submitForm(agent, edit, edit, {
      first_name: 'Mario',
      last_name: 'Usuario',
      email: 'mario.soto@abc.example',
      department: '',
      title: '',
      role: 'member',
      permissions: ['tickets'],
    });
    expect(edited.status).toBe(303);

    const text = textOf((await agent.get('/activity')).text);
    expect(text).toContain('editó los datos de la cuenta');
    expect(text).toContain('Troncales entrantes: 50 → 60');
    expect(text).toContain('Correo electrónico: mario@abc.example → mario.soto@abc.example');
    // The partner's own log says the same of the account below it.
    expect(textOf((await partner.get('/activity')).text)).toContain('Troncales entrantes: 50 → 60');
  });
});

describe('filters (issue 22, item 12)', () => {
  async function team() {
    const accountId = await createAccount(t.db);
    await t.db('accounts').where({ id: accountId }).update({ time_zone: 'America/Mexico_City' });
    const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Olga' });
    const mario = await createMember(t.db, { role: 'member', accountId, firstName: 'Mario' });
    const other = await createMember(t.db, { role: 'owner', firstName: 'Ajeno' });
    await createAuditEvents(t.db, other.accountId, [
      { action: 'contact.created', actorUserId: other.id, metadata: { email: 'ajeno@otra.example' } },
    ]);
    return { accountId, owner, mario, other, agent: await signIn(t.app, owner.email) };
  }

  it('by person: a select of the users of the account; another account’s user gives nothing, not an error', async () => {
    const { accountId, owner, mario, other, agent } = await team();
    await createAuditEvents(t.db, accountId, [
      { action: 'contact.created', actorUserId: mario.id, metadata: { email: 'de-mario@x.example' } },
      { action: 'contact.created', actorUserId: owner.id, metadata: { email: 'de-olga@x.example' } },
    ]);
    const page = await agent.get('/activity');
    expect(page.text).toMatch(new RegExp(`<option value="${mario.id}">Mario Usuario \\(${mario.email}\\)</option>`));
    expect(page.text).not.toContain(other.email);

    const mine = textOf((await agent.get(`/activity?person=${mario.id}`)).text);
    expect(mine).toContain('de-mario@x.example');
    expect(mine).not.toContain('de-olga@x.example');

    const foreign = await agent.get(`/activity?person=${other.id}`);
    expect(foreign.status).toBe(200);
    expect(textOf(foreign.text)).toContain('No hay actividad con esos filtros.');
    expect(foreign.text).not.toContain('ajeno@otra.example');
    expect(textOf((await agent.get('/activity')).text)).not.toContain('ajeno@otra.example');
  });

  it('by action: a select of the actions the log holds, labelled; the pages keep the filter', async () => {
    const { accountId, agent } = await team();
    await createAuditEvents(t.db, accountId, [
      ...Array.from({ length: 55 }, (_, i) => ({
        action: 'contact.created' as const,
        metadata: { email: `c${i + 1}@x.example` },
      })),
      { action: 'contact.deleted', metadata: { email: 'borrado@x.example' } },
    ]);
    const page = await agent.get('/activity');
    expect(page.text).toContain('<option value="contact.deleted">eliminó un contacto</option>');
    expect(page.text).not.toContain('value="ticket.opened"');

    const deleted = textOf((await agent.get('/activity?action=contact.deleted')).text);
    expect(deleted).toContain('borrado@x.example');
    expect(deleted).not.toContain('c55@x.example');

    const created = await agent.get('/activity?action=contact.created');
    const older = /href="(\/activity\?action=contact.created&amp;after=\d+)"/.exec(created.text);
    expect(older).not.toBeNull();
    const second = textOf((await agent.get(older![1].replace(/&amp;/g, '&'))).text);
    expect(second).toContain('(c1@x.example)');
    expect(second).not.toContain('borrado@x.example');
  });

  it('by dates, from and to included, on the account’s clock', async () => {
    const { accountId, agent } = await team();
    await createAuditEvents(t.db, accountId, [
      // 23:30 on 30 November in Mexico City, and 00:30 on 1 December there.
      { action: 'contact.created', metadata: { email: 'noviembre@x.example' }, createdAt: '2026-12-01T05:30:00Z' },
      { action: 'contact.created', metadata: { email: 'diciembre@x.example' }, createdAt: '2026-12-01T06:30:00Z' },
    ]);
    const december = textOf((await agent.get('/activity?from=2026-12-01')).text);
    expect(december).toContain('diciembre@x.example');
    expect(december).not.toContain('noviembre@x.example');
    const november = textOf((await agent.get('/activity?from=2026-11-30&to=2026-11-30')).text);
    expect(november).toContain('noviembre@x.example');
    expect(november).not.toContain('diciembre@x.example');
  });

  it('answers a bad date with 422, the message beside the field and the values kept', async () => {
    const { agent } = await team();
    const bad = await agent.get('/activity?from=2026-02-30&to=2026-12-01&action=contact.created');
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="error-from">Escribe una fecha válida/);
    expect(bad.text).toContain('value="2026-02-30"');
    expect(bad.text).toContain('value="2026-12-01"');
    const backwards = await agent.get('/activity?from=2026-12-02&to=2026-12-01');
    expect(backwards.status).toBe(422);
    expect(textOf(backwards.text)).toContain('Debe ser igual o posterior a la fecha «Desde».');
    expect((await agent.get('/activity/export?to=ayer')).status).toBe(422);
  });
});

describe('CSV export (issue 22, item 12)', () => {
  it('writes every row the filter shows, not only the page, with neutralised formulas, for a CSV parser', async () => {
    const accountId = await createAccount(t.db);
    await t.db('accounts').where({ id: accountId }).update({ time_zone: 'America/Mexico_City' });
    const owner = await createMember(t.db, { role: 'owner', accountId, firstName: 'Ñandú' });
    const evil = await createMember(t.db, {
      role: 'member',
      accountId,
      firstName: '=HYPERLINK("http://x.example","a")',
    });
    await t.db('users').where({ id: evil.id }).update({ last_name: '@SUM(1)' });
    const other = await createMember(t.db, { role: 'owner' });
    await createAuditEvents(t.db, other.accountId, [
      { action: 'contact.created', metadata: { email: 'ajeno@x.example' } },
    ]);
    await createAuditEvents(t.db, accountId, [
      ...Array.from({ length: 60 }, (_, i) => ({
        action: 'contact.created' as const,
        actorUserId: owner.id,
        metadata: { email: `c${i + 1}@x.example` },
        createdAt: '2026-12-01T18:30:00Z',
      })),
      {
        action: 'account.updated',
        actorUserId: evil.id,
        createdAt: '2026-12-02T18:30:00Z',
        changes: [{ field: 'inbound_trunks', before: 50, after: 60 }],
      },
      { action: 'user.invited', actorUserId: owner.id, metadata: { email: '-1+1@x.example' }, failed: 'mail_refused' },
    ]);
    const agent = await signIn(t.app, owner.email);
    const page = await agent.get('/activity?action=contact.created');
    expect(page.text).toContain('href="/activity/export?action=contact.created"');

    const filtered = await agent.get('/activity/export?action=contact.created').buffer(true);
    expect(filtered.status).toBe(200);
    expect(filtered.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(filtered.headers['cache-control']).toBe('no-store');
    expect(filtered.headers['content-disposition']).toMatch(
      /^attachment; filename="actividad-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(filtered.text.startsWith('\ufeff')).toBe(true);
    const rows: string[][] = parse(filtered.text, { bom: true });
    expect(rows[0]).toEqual(['Fecha', 'Persona', 'Correo electrónico', 'Acción', 'Sobre', 'Cambios', 'Resultado']);
    expect(rows).toHaveLength(61);
    expect(rows[1]).toEqual([
      '2026-12-01T12:30:00-06:00',
      'Ñandú Usuario',
      owner.email,
      'agregó un contacto',
      'c60@x.example',
      '',
      'Correcto',
    ]);
    expect(rows.map((r) => r[4])).not.toContain('ajeno@x.example');

    const all: string[][] = parse((await agent.get('/activity/export').buffer(true)).text, { bom: true });
    // The owner's sign-in is the newest row.
    expect(all).toHaveLength(64);
    expect(all[1][3]).toBe('inició sesión');
    const [invited, updated] = all.slice(2, 4);
    expect(invited[4]).toBe("'-1+1@x.example");
    expect(invited[6]).toBe('Falló: no pudo enviar la invitación. El servidor de correo rechazó el mensaje.');
    expect(updated[1]).toBe(`'=HYPERLINK("http://x.example","a") @SUM(1)`);
    expect(updated[5]).toBe('Troncales entrantes: 50 → 60');

    const member = await signIn(t.app, evil.email);
    expect((await member.get('/activity/export')).status).toBe(403);
  });
});
