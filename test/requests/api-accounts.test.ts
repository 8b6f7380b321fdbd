import request from 'supertest';
import { buildTestApp, type TestApp } from '../helpers/app';
import { apiClient, createApiToken, publishedDocument } from '../helpers/api';
import { signIn, textOf } from '../helpers/agent';
import { createContactRow, createCustomerOf, createReseller } from '../helpers/factories';

let t: TestApp;
let doc: Awaited<ReturnType<typeof publishedDocument>>;
let acme: Awaited<ReturnType<typeof createReseller>>;
let other: Awaited<ReturnType<typeof createReseller>>;
let token: string;
let tokenId: number;

beforeAll(async () => {
  t = await buildTestApp();
  doc = await publishedDocument(t.app);
  acme = await createReseller(t.db, { name: 'Acme', pool: { inbound: 10, outbound: 10, twoway: 5 } });
  other = await createReseller(t.db, { name: 'Otra', platformId: acme.platformId });
  ({ token, id: tokenId } = await createApiToken(t.db, acme.resellerId, {
    name: 'Facturación',
    createdBy: acme.partner.id,
  }));
});
afterAll(() => t.close());

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Cliente API',
  timezone: 'America/Mexico_City',
  locale: 'es',
  admin: { first_name: 'Ana', last_name: 'Pérez', email: 'ana@cliente.test', mode: 'invite' },
  trunks: { inbound: 2, outbound: 1, twoway: 0 },
  restrictions: { international: 'allow' },
  initial_credit: '1500.50',
  allow_prepay: false,
  support_contacts: [{ partner_id: acme.partner.id }, { email: 'noc@cliente.test' }],
  ...overrides,
});
let keyCount = 0;
const key = () => `key-${++keyCount}-${Date.now()}`;

describe('POST /api/v1/accounts', () => {
  it('creates the account with everything in one call, audited as the token, and answers 201 with Location', async () => {
    const api = apiClient(t.app, doc, token);
    const res = await api.post('/api/v1/accounts', 201, body(), { 'Idempotency-Key': key() });
    expect(res.headers.location).toBe(`/api/v1/accounts/${res.body.id}`);
    expect(res.body).toMatchObject({
      kind: 'customer',
      parent_id: acme.resellerId,
      name: 'Cliente API',
      status: 'active',
      trunks: { inbound: 2, outbound: 1, twoway: 0 },
      pool: null,
      allow_prepay: false,
    });
    expect(res.body.restrictions.international).toBe('allow');
    const id = res.body.id as number;
    const credit = await t.db('credit_entries').where({ account_id: id }).sum('amount_cents as s').first();
    expect(Number(credit?.s)).toBe(150050);
    const owner = await t.db('memberships as m').join('users as u', 'u.id', 'm.user_id').where({ 'm.account_id': id });
    expect(owner.map((o: { email: string; role: string }) => [o.email, o.role])).toEqual([
      ['ana@cliente.test', 'owner'],
    ]);
    expect(await t.db('support_contacts').where({ account_id: id }).count('* as n').first()).toEqual({ n: 2 });
    const events = await t
      .db('audit_events')
      .where({ target_id: id, target_type: 'account' })
      .select('account_id', 'action', 'actor_user_id', 'actor_token_id');
    expect(events).toEqual(
      expect.arrayContaining([
        { account_id: id, action: 'account.created', actor_user_id: acme.partner.id, actor_token_id: tokenId },
        {
          account_id: acme.resellerId,
          action: 'account.child_created',
          actor_user_id: acme.partner.id,
          actor_token_id: tokenId,
        },
      ]),
    );
    const mail = await t.db('mail_outbox').whereRaw('? = ANY(to_addresses)', ['ana@cliente.test']).first('template');
    expect(mail).toBeTruthy();
  });

  it('needs an Idempotency-Key (400)', async () => {
    const res = await apiClient(t.app, doc, token).post('/api/v1/accounts', 400, body({ name: 'Sin clave' }));
    expect(res.body.code).toBe('idempotency_key_required');
  });

  it('answers the same key and body with the first response again, and refuses the key with another body', async () => {
    const api = apiClient(t.app, doc, token);
    const k = key();
    const first = await api.post('/api/v1/accounts', 201, body({ name: 'Repetida', admin: undefined }), {
      'Idempotency-Key': k,
    });
    const again = await api.post('/api/v1/accounts', 201, body({ name: 'Repetida', admin: undefined }), {
      'Idempotency-Key': k,
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    const reused = await api.post('/api/v1/accounts', 422, body({ name: 'Otra cosa', admin: undefined }), {
      'Idempotency-Key': k,
    });
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect(await t.db('accounts').where({ name: 'Repetida' }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('makes exactly one account of ten identical requests at once', async () => {
    const k = key();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(t.app)
          .post('/api/v1/accounts')
          .set('Authorization', `Bearer ${token}`)
          .set('Idempotency-Key', k)
          .send(body({ name: 'Diez a la vez', admin: undefined, trunks: undefined })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body.id as number)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(await t.db('accounts').where({ name: 'Diez a la vez' }).count('* as n').first()).toEqual({ n: 1 });
  });

  // Issue 19: ≥ 50 accounts/s on one process. Statements and commits are counted, never timed: each
  // statement is a round trip, each COMMIT that waits for the WAL flush a wait on the disk.
  it('creates an account with an invited admin in 21 statements and one COMMIT, its answer kept inside it', async () => {
    const api = apiClient(t.app, doc, token);
    const bench = (i: number) => ({
      name: `Contada ${i}`,
      timezone: 'America/Monterrey',
      locale: 'es',
      admin: { first_name: 'Ana', last_name: 'Contada', email: `contada-${i}@cliente.test`, mode: 'invite' },
      initial_credit: '100.00',
      support_contacts: [{ email: `soporte-${i}@cliente.test` }],
    });
    // The token's last use is written at most once a minute: the first call writes it.
    await api.post('/api/v1/accounts', 201, bench(0), { 'Idempotency-Key': key() });
    const k = key();
    const sql: string[] = [];
    const listener = (q: { sql: string }) => sql.push(q.sql);
    t.deps.db.on('query', listener);
    let res: Awaited<ReturnType<typeof api.post>>;
    try {
      res = await api.post('/api/v1/accounts', 201, bench(1), { 'Idempotency-Key': k });
    } finally {
      t.deps.db.off('query', listener);
    }
    // The key's claim commits on its own without waiting for the WAL flush (the account's COMMIT
    // flushes it: docs/api.md); the answer is stored in the account's transaction, before its COMMIT.
    const claim = sql.findIndex((q) => /insert into "?idempotency_keys/i.test(q));
    const answer = sql.findIndex((q) => /update "idempotency_keys"/.test(q));
    const commit = sql.findIndex((q) => /^COMMIT/.test(q));
    expect(sql[claim]).toMatch(/set_config\('synchronous_commit', 'off', true\)/);
    expect(sql.filter((q) => /^COMMIT/.test(q))).toHaveLength(1);
    expect(answer).toBeGreaterThan(sql.indexOf('BEGIN;'));
    expect(answer).toBeLessThan(commit);
    // No savepoint for the invitation inside the account's transaction, no second read of the
    // account after it: the webhook event's representation is the answer. The new account's support
    // contacts are neither locked nor read (nothing else can see the account yet), and its admin is
    // invited as owner (no second write of the membership). The parent, the token's own account, comes
    // with the token's statement, and so does the name the invitation gives the token's creator. The
    // account's event and its first credit's are one statement. It was 32, then 27, then 23.
    expect(sql.filter((q) => /SAVEPOINT/.test(q))).toEqual([]);
    expect(sql.filter((q) => /for no key update|update "memberships"/.test(q))).toEqual([]);
    expect(sql.filter((q) => /"enabled_sections" from "accounts"/.test(q))).toEqual([]);
    expect(sql.filter((q) => /from "api_tokens"/.test(q))).toEqual([]);
    expect(sql.filter((q) => /INSERT INTO webhook_events/.test(q))).toHaveLength(2);
    expect(sql).toHaveLength(21);
    const kept = await t.db('idempotency_keys').where({ account_id: acme.resellerId, key: k }).first();
    expect(kept.response_body).toEqual(res.body);
    expect(kept.response_location).toBe(`/accounts/${res.body.id}`);
    const again = await api.post('/api/v1/accounts', 201, bench(1), { 'Idempotency-Key': k });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(res.body);
  });

  it('never allocates more than the pool, however many creates arrive at once', async () => {
    const small = await createReseller(t.db, { pool: { inbound: 5, outbound: 5, twoway: 5 } });
    const { token: smallToken } = await createApiToken(t.db, small.resellerId);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.app)
          .post('/api/v1/accounts')
          .set('Authorization', `Bearer ${smallToken}`)
          .set('Idempotency-Key', `pool-${i}`)
          .send(
            body({
              name: `Pool ${i}`,
              admin: undefined,
              support_contacts: [{ email: 'noc@pool.test' }],
              trunks: { inbound: 1 },
            }),
          ),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused.every((r) => r.status === 422)).toBe(true);
    expect(refused[0].body.errors).toEqual([
      { field: 'trunks.inbound', code: 'over_pool', message: expect.stringContaining('0') },
    ]);
    expect(refused[0].body.available).toEqual({ inbound: 0, outbound: 5, twoway: 5 });
    const held = await t.db('accounts').where({ parent_id: small.resellerId }).sum('inbound_trunks as n').first();
    expect(Number(held?.n)).toBe(5);
  });

  it('lists every invalid field at once, by its path', async () => {
    const res = await apiClient(t.app, doc, token).post(
      '/api/v1/accounts',
      422,
      {
        name: '',
        timezone: 'Mars/Olympus',
        locale: 'fr',
        admin: { first_name: 'A', last_name: 'B', email: 'not-an-email', mode: 'password' },
        trunks: { inbound: -1 },
        initial_credit: '12.345',
        colour: 'red',
      },
      { 'Idempotency-Key': key() },
    );
    expect(res.body.code).toBe('validation_failed');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(
      [
        'admin.email',
        'admin.password',
        'colour',
        'initial_credit',
        'locale',
        'name',
        'support_contacts',
        'timezone',
        'trunks.inbound',
      ].sort(),
    );
  });

  it('holds the account’s rule on support contacts: at least one, at most twenty, as the document says', async () => {
    const api = apiClient(t.app, doc, token);
    type Body = { properties: Record<string, unknown> };
    const paths = doc.paths as Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: Body }> } }>
    >;
    const bodyOf = (path: string, method: string) =>
      paths[path][method].requestBody!.content['application/json'].schema;
    expect(bodyOf('/accounts', 'post').properties.support_contacts).toMatchObject({ minItems: 1, maxItems: 20 });
    expect(bodyOf('/accounts/{id}/support-contacts', 'put').properties.contacts).toMatchObject({
      minItems: 1,
      maxItems: 20,
    });
    const many = Array.from({ length: 21 }, (_, i) => ({ email: `c${i}@cliente.test` }));
    const over = await api.post('/api/v1/accounts', 422, body({ name: 'Veintiuno', support_contacts: many }), {
      'Idempotency-Key': key(),
    });
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.body.errors).toEqual([{ field: 'support_contacts', code: 'too_large', message: expect.any(String) }]);
    const none = await api.post('/api/v1/accounts', 422, body({ name: 'Ninguno', support_contacts: [] }), {
      'Idempotency-Key': key(),
    });
    expect(none.body.errors).toEqual([{ field: 'support_contacts', code: 'too_small', message: expect.any(String) }]);
    const twenty = await api.post('/api/v1/accounts', 201, body({ name: 'Veinte', support_contacts: many.slice(1) }), {
      'Idempotency-Key': key(),
    });
    expect(await t.db('support_contacts').where({ account_id: twenty.body.id })).toHaveLength(20);
    expect(await t.db('accounts').whereIn('name', ['Veintiuno', 'Ninguno'])).toEqual([]);
  });

  it('refuses what the parent cannot give: sections it lacks, strangers as support contacts, a login that exists', async () => {
    const api = apiClient(t.app, doc, token);
    const res = await api.post(
      '/api/v1/accounts',
      422,
      body({ support_contacts: [{ partner_id: other.partner.id }], pool: { inbound: 3 } }),
      { 'Idempotency-Key': key() },
    );
    expect((res.body.errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`).sort()).toEqual(
      ['pool:not_allowed', 'support_contacts.0.partner_id:not_found'].sort(),
    );
    const taken = await api.post(
      '/api/v1/accounts',
      422,
      body({
        name: 'Con login',
        admin: {
          first_name: 'X',
          last_name: 'Y',
          email: acme.partner.email,
          mode: 'password',
          password: 'una clave muy larga 2026',
        },
      }),
      { 'Idempotency-Key': key() },
    );
    expect(taken.body.errors).toEqual([{ field: 'admin.email', code: 'has_login', message: expect.any(String) }]);
  });

  it('lets the platform create a reseller with its realm label and pool, and a customer under a reseller', async () => {
    const { token: platformToken } = await createApiToken(t.db, acme.platformId);
    const api = apiClient(t.app, doc, platformToken);
    const reseller = await api.post(
      '/api/v1/accounts',
      201,
      {
        name: 'Nuevo revendedor',
        timezone: 'Europe/Madrid',
        locale: 'en',
        realm_label: 'nuevo',
        pool: { inbound: 20 },
        support_contacts: [{ email: 'noc@nuevo.test' }],
      },
      { 'Idempotency-Key': key() },
    );
    expect(reseller.body).toMatchObject({ kind: 'reseller', pool: { inbound: 20, outbound: 0, twoway: 0 } });
    expect(reseller.body.realm).toMatch(/^nuevo\./);
    const customer = await api.post(
      '/api/v1/accounts',
      201,
      {
        parent_id: reseller.body.id,
        name: 'Cliente',
        timezone: 'Europe/Madrid',
        locale: 'en',
        trunks: { inbound: 3 },
        support_contacts: [{ email: 'noc@cliente.test' }],
      },
      { 'Idempotency-Key': key() },
    );
    expect(customer.body).toMatchObject({ kind: 'customer', parent_id: reseller.body.id });
    const missing = await api.post(
      '/api/v1/accounts',
      422,
      { name: 'Sin etiqueta', timezone: 'Europe/Madrid', locale: 'en', support_contacts: [{ email: 'a@b.test' }] },
      { 'Idempotency-Key': key() },
    );
    expect(missing.body.errors).toEqual([{ field: 'realm_label', code: 'required', message: expect.any(String) }]);
  });

  it('answers 400 for malformed JSON, 415 for another content type, 413 over 1 MB', async () => {
    const api = apiClient(t.app, doc, token);
    const malformed = await api.post('/api/v1/accounts', 400, '{"name": ', {
      'Content-Type': 'application/json',
      'Idempotency-Key': key(),
    });
    expect(malformed.body.code).toBe('malformed_json');
    const form = await api.post('/api/v1/accounts', 415, 'name=x', {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Idempotency-Key': key(),
    });
    expect(form.body.code).toBe('unsupported_media_type');
    const big = await api.post('/api/v1/accounts', 413, { name: 'x'.repeat(1_100_000) }, { 'Idempotency-Key': key() });
    expect(big.body.code).toBe('body_too_large');
  });
});

describe('reading and changing accounts', () => {
  let customerId: number;
  let foreignId: number;
  beforeAll(async () => {
    customerId = await createCustomerOf(t.db, acme.resellerId, {
      name: 'Leído',
      trunks: { inbound: 1, outbound: 0, twoway: 0 },
    });
    foreignId = await createCustomerOf(t.db, other.resellerId, { name: 'Ajeno' });
  });

  it('lists the accounts below the token’s, paged with next_cursor, filtered by q and status', async () => {
    const api = apiClient(t.app, doc, token);
    const first = await api.get('/api/v1/accounts?limit=2', 200);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const all: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.get(`/api/v1/accounts?limit=3${cursor ? `&cursor=${cursor}` : ''}`, 200);
      all.push(...(page.body.data as { id: number }[]).map((a) => a.id));
      cursor = page.body.next_cursor as string | null;
    } while (cursor);
    expect(all).toContain(customerId);
    expect(all).not.toContain(foreignId);
    expect([...all].sort((a, b) => a - b)).toEqual(all);
    const found = await api.get('/api/v1/accounts?q=le%C3%ADdo', 200);
    expect((found.body.data as { id: number }[]).map((a) => a.id)).toEqual([customerId]);
    await api.get('/api/v1/accounts?status=suspended', 200);
    const bad = await api.get('/api/v1/accounts?limit=500', 422);
    expect(bad.body.errors[0].field).toBe('query.limit');
    await api.get('/api/v1/accounts?cursor=nonsense', 400);
  });

  it('finds an account by a contact’s e-mail, as the Accounts Manager’s search does; never another reseller’s', async () => {
    const api = apiClient(t.app, doc, token);
    await createContactRow(t.db, customerId, { email: 'pagos.leido@proveedor.example' });
    await createContactRow(t.db, foreignId, { email: 'pagos.ajeno@proveedor.example' });
    const found = await api.get('/api/v1/accounts?q=PAGOS.LEIDO%40proveedor', 200);
    expect((found.body.data as { id: number }[]).map((a) => a.id)).toEqual([customerId]);
    const foreign = await api.get('/api/v1/accounts?q=pagos.ajeno', 200);
    expect(foreign.body.data).toEqual([]);
  });

  it('reads one account; another reseller’s account, or any id not below, is a 404', async () => {
    const api = apiClient(t.app, doc, token);
    const res = await api.get(`/api/v1/accounts/${customerId}`, 200);
    expect(res.body).toMatchObject({ id: customerId, name: 'Leído', trunks: { inbound: 1 } });
    for (const id of [foreignId, other.resellerId, acme.resellerId, acme.platformId, 999999, 'abc'])
      expect((await api.get(`/api/v1/accounts/${id}`, 404)).body.code).toBe('not_found');
  });

  it('changes only what is sent, within the pool (422 naming what is left)', async () => {
    const api = apiClient(t.app, doc, token);
    const res = await api.patch(`/api/v1/accounts/${customerId}`, 200, {
      name: 'Leído y cambiado',
      trunks: { twoway: 1 },
    });
    expect(res.body).toMatchObject({ name: 'Leído y cambiado', trunks: { inbound: 1, outbound: 0, twoway: 1 } });
    const over = await api.patch(`/api/v1/accounts/${customerId}`, 422, { trunks: { inbound: 500 } });
    expect(over.body.errors[0]).toMatchObject({ field: 'trunks.inbound', code: 'over_pool' });
    expect(over.body.available).toEqual(expect.objectContaining({ inbound: expect.any(Number) }));
    await api.patch(`/api/v1/accounts/${foreignId}`, 404, { name: 'No' });
  });

  it('refuses a token without the scope (403 insufficient_scope)', async () => {
    const { token: readOnly } = await createApiToken(t.db, acme.resellerId, { scopes: ['accounts:read'] });
    const api = apiClient(t.app, doc, readOnly);
    await api.get(`/api/v1/accounts/${customerId}`, 200);
    const res = await api.patch(`/api/v1/accounts/${customerId}`, 403, { name: 'No' });
    expect(res.body.code).toBe('insufficient_scope');
    expect(res.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    await api.post('/api/v1/accounts', 403, body(), { 'Idempotency-Key': key() });
    const { token: writeOnly } = await createApiToken(t.db, acme.resellerId, { scopes: ['accounts:write'] });
    await apiClient(t.app, doc, writeOnly).get('/api/v1/accounts', 403);
  });

  it('records each write in the account’s and the parent’s activity', async () => {
    const events = await t
      .db('audit_events')
      .where({ target_id: customerId, action: 'account.updated' })
      .pluck('account_id');
    expect(events.sort()).toEqual([customerId, acme.resellerId].sort());
  });

  it('shows «API · <token>» and the token’s creator in «Actividad de la cuenta»', async () => {
    const agent = await signIn(t.app, acme.partner.email);
    const text = textOf((await agent.get('/activity').expect(200)).text);
    expect(text).toContain('API · Facturación (token de Prueba Usuario) creó una cuenta nueva debajo de esta');
  });
});
