/* Issue 22, item 12: the activity log says what changed, before and after, and never a secret. */
import path from 'node:path';
import { AUDITED_FIELDS, changesOf, type AuditedRecord } from '../../src/domain/audit-changes';
import { AUDIT_REASONS } from '../../src/domain/audit-actions';
import { createI18n, translators } from '../../src/i18n';
import { recordAudit } from '../../src/services/audit';
import { changeLines } from '../../src/views/audit-changes';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount } from '../helpers/factories';

const t = translators(createI18n(path.resolve(__dirname, '../..')));

/** Everything a caller could wrongly pass along with a record: none of it may reach the log. */
const SECRETS = {
  password: 'correct horse battery staple',
  password_hash: '$2b$12$hashhashhash',
  answer: 'Firulais',
  answers: ['Firulais', 'Vocho'],
  security_answer_hash: '$2b$12$answerhash',
  token: 'cta_tokentokentoken',
  token_hash: 'sha256-of-the-token',
  secret: 'whsec_secretsecret',
  secret_ciphertext: 'sealed-secret',
  previous_secret_ciphertext: 'sealed-old-secret',
  totp_secret: 'JBSWY3DPEHPK3PXP',
  recovery_codes: ['aaaa-bbbb'],
};

describe('changesOf', () => {
  it('records the allow-listed fields that changed, before and after, in the order the log shows them', () => {
    const before = { name: 'ABC', inbound_trunks: 50, enabled_sections: ['tickets', 'users'], allow_prepay: false };
    const after = { name: 'ABC', inbound_trunks: 60, enabled_sections: ['users', 'tickets'], allow_prepay: true };
    expect(changesOf('account', before, after)).toEqual([
      { field: 'inbound_trunks', before: 50, after: 60 },
      { field: 'allow_prepay', before: false, after: true },
    ]);
  });

  it('compares an object entry by entry, leaves out what the input does not carry, and treats empty as nothing', () => {
    const before = { call_restrictions: { international: 'deny', emergency: 'allow' }, phone: '', city: 'León' };
    expect(changesOf('account', before, { call_restrictions: { international: 'allow', emergency: 'allow' } })).toEqual(
      [{ field: 'call_restrictions.international', before: 'deny', after: 'allow' }],
    );
    expect(changesOf('company', before, { phone: '', city: 'Puebla' })).toEqual([
      { field: 'city', before: 'León', after: 'Puebla' },
    ]);
    expect(changesOf('api_token', null, { name: 'CI', scopes: ['accounts:read'] })).toEqual([
      { field: 'name', before: null, after: 'CI' },
      { field: 'scopes', before: null, after: ['accounts:read'] },
    ]);
  });

  it('never records a password, an answer, a token, a secret, a hash or a two-factor key, even when passed', () => {
    const kinds = Object.keys(AUDITED_FIELDS) as AuditedRecord[];
    for (const kind of kinds) {
      const changes = changesOf(kind, { email: 'old@x.test' }, { ...SECRETS, email: 'new@x.test' });
      const text = JSON.stringify(changes);
      for (const [field, value] of Object.entries(SECRETS)) {
        expect(changes.map((c) => c.field)).not.toContain(field);
        for (const v of [value].flat()) expect(text).not.toContain(v);
      }
    }
    expect(AUDITED_FIELDS.user.flatMap((f) => (/pass|secret|token|hash|answer|totp/.test(f) ? [f] : []))).toEqual([]);
  });
});

describe('changeLines', () => {
  const lines = (changes: Parameters<typeof changeLines>[2], locale: 'es' | 'en' = 'es') =>
    changeLines(t[locale], locale, changes);

  it('labels each field and its values: numbers, yes/no, lists, roles, sections, money, empty as «—»', () => {
    expect(
      lines([
        { field: 'inbound_trunks', before: 50, after: 60 },
        { field: 'allow_prepay', before: false, after: true },
        { field: 'role', before: 'member', after: 'admin' },
        { field: 'permissions', before: ['tickets'], after: [] },
        { field: 'support_contacts', before: ['a@x.test'], after: ['a@x.test', 'b@x.test'] },
        { field: 'call_restrictions.international', before: 'deny', after: 'allow' },
        { field: 'balance_cents', before: 0, after: 150000 },
        { field: 'department', before: null, after: 'Ventas' },
      ]),
    ).toEqual([
      'Troncales entrantes: 50 → 60',
      'Permitir prepago («bypass»): No → Sí',
      'Rol: Usuario → Administrador',
      'Secciones que puede usar: Tickets → —',
      'Contactos de soporte: a@x.test → a@x.test, b@x.test',
      'Restricciones de llamadas · Internacional: Denegar → Permitir',
      'Saldo: $0.00 → $1,500.00',
      'Departamento: — → Ventas',
    ]);
    expect(lines([{ field: 'inbound_trunks', before: 50, after: 60 }], 'en')).toEqual(['Inbound trunks: 50 → 60']);
  });

  it('has words for every reason a failure is recorded with, in both languages', () => {
    for (const locale of ['es', 'en'] as const)
      for (const reason of AUDIT_REASONS) expect(t[locale]('activity.reasons.' + reason)).not.toContain('activity.');
  });
});

describe('recordAudit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('drops a change whose field is not on the allow-list, whoever built it', async () => {
    const accountId = await createAccount(app.db);
    await recordAudit(app.db, {
      action: 'user.updated',
      accountId,
      changes: [
        { field: 'password_hash', before: 'a', after: SECRETS.password_hash },
        { field: 'totp_secret', before: null, after: SECRETS.totp_secret },
        { field: 'email', before: 'old@x.test', after: 'new@x.test' },
      ],
    });
    const row = await app.db('audit_events').where({ account_id: accountId }).first();
    expect(row.changes).toEqual([{ field: 'email', before: 'old@x.test', after: 'new@x.test' }]);
    expect(row).toMatchObject({ outcome: 'ok', reason: '' });
  });
});
