import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createApiToken } from '../helpers/api';
import { csrfFrom, signIn, submitForm, textOf } from '../helpers/agent';
import { createMember, createPlatformStaff, createReseller } from '../helpers/factories';

let t: TestApp;
let acme: Awaited<ReturnType<typeof createReseller>>;

beforeAll(async () => {
  t = await buildTestApp();
  acme = await createReseller(t.db, { name: 'Acme', firstName: 'Rosa' });
});
afterAll(() => t.close());

describe('Integraciones', () => {
  it('shows the menu entry only to owners and admins of a reseller or the platform', async () => {
    const partner = await signIn(t.app, acme.partner.email);
    expect((await partner.get('/profile')).text).toContain('href="/integrations"');
    const platformAdmin = await createPlatformStaff(t.db, acme.platformId, 'admin');
    expect((await (await signIn(t.app, platformAdmin.email)).get('/profile')).text).toContain('href="/integrations"');
    for (const who of [
      await createMember(t.db, { role: 'member', accountId: acme.resellerId, permissions: ['tickets'] }),
      await createMember(t.db, { role: 'owner' }),
      await createPlatformStaff(t.db, acme.platformId, 'member'),
    ]) {
      const agent = await signIn(t.app, who.email);
      expect((await agent.get('/profile')).text).not.toContain('href="/integrations"');
      expect((await agent.get('/integrations')).status).toBe(403);
    }
  });

  it('creates a token, shows it once (a reload says it was shown), audits and e-mails the owner', async () => {
    const agent = await signIn(t.app, acme.partner.email);
    const created = await submitForm(agent, '/integrations', '/integrations/tokens', {
      name: 'Facturación',
      'scopes[]': ['accounts:read', 'accounts:write'],
      expires_in_days: '90',
    });
    expect(created.status).toBe(303);
    const path = created.headers.location;
    expect(path).toMatch(/^\/integrations\/tokens\/\d+$/);
    const page = await agent.get(path).expect(200);
    const secret = /value="(cta_[A-Za-z0-9_-]{43})"/.exec(page.text)?.[1];
    expect(secret).toBeDefined();
    expect(textOf(page.text)).toContain('Se creó el token «Facturación»');
    expect(textOf(page.text)).toContain('no se volverá a mostrar');
    const again = await agent.get(path).expect(200);
    expect(again.text).not.toContain(secret!);
    expect(textOf(again.text)).toContain('ya se mostró');

    const row = await t.db('api_tokens').where({ name: 'Facturación' }).first();
    expect(row).toMatchObject({
      account_id: acme.resellerId,
      scopes: ['accounts:read', 'accounts:write'],
      prefix: secret!.slice(0, 8),
      created_by_user_id: acme.partner.id,
    });
    expect(row.token_hash.toString('hex')).not.toContain(secret);
    expect((row.expires_at as Date).getTime() - Date.now()).toBeGreaterThan(89 * 86_400_000);

    const list = textOf((await agent.get('/integrations').expect(200)).text);
    expect(list).toContain('Facturación');
    expect(list).toContain(`${secret!.slice(0, 8)}…`);
    expect(list).toContain('Sin usar');

    const mail = await t.db('mail_outbox').where({ template: 'api_token_created' }).first('to_addresses', 'subject');
    expect(mail.to_addresses).toEqual([acme.partner.email]);
    expect(mail.subject).toBe('Se creó un token de la API en Acme');
    const activity = textOf((await agent.get('/activity').expect(200)).text);
    expect(activity).toContain('creó un token de la API');
  });

  it('keeps what was typed and says what is wrong (422)', async () => {
    const agent = await signIn(t.app, acme.partner.email);
    const res = await submitForm(agent, '/integrations', '/integrations/tokens', {
      name: 'Sin permisos',
      expires_in_days: '7',
    });
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    expect(text).toContain('Elige al menos un permiso.');
    expect(text).toContain('Elige un vencimiento de la lista.');
    expect(res.text).toContain('value="Sin permisos"');
  });

  it('refuses a POST without the CSRF token', async () => {
    const agent = await signIn(t.app, acme.partner.email);
    const res = await agent.post('/integrations/tokens').type('form').send({ name: 'x', 'scopes[]': 'accounts:read' });
    expect(res.status).toBe(403);
  });

  it('asks before revoking; the token stops at its next request; the owner is told', async () => {
    const { token, id } = await createApiToken(t.db, acme.resellerId, { name: 'Viejo' });
    const agent = await signIn(t.app, acme.partner.email);
    const confirm = await agent.get(`/integrations/tokens/${id}/revoke`).expect(200);
    expect(textOf(confirm.text)).toContain('¿Revocar el token «Viejo»?');
    const res = await agent
      .post(`/integrations/tokens/${id}/revoke`)
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/integrations');
    expect(textOf((await agent.get('/integrations')).text)).toContain('Se revocó el token «Viejo»');
    const api = await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(api.status).toBe(401);
    expect(await t.db('mail_outbox').where({ template: 'api_token_revoked' }).count('* as n').first()).toEqual({
      n: 1,
    });
  });

  it("answers 404 for another account's token", async () => {
    const other = await createReseller(t.db, { platformId: acme.platformId });
    const { id } = await createApiToken(t.db, other.resellerId);
    const agent = await signIn(t.app, acme.partner.email);
    expect((await agent.get(`/integrations/tokens/${id}`)).status).toBe(404);
    expect((await agent.get(`/integrations/tokens/${id}/revoke`)).status).toBe(404);
  });
});
