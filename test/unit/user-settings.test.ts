import type { CurrentUser } from '../../src/current-user';
import { MAX_FAILURES_PER_EMAIL } from '../../src/services/lockout';
import { verifySecret } from '../../src/services/passwords';
import { questionsOf } from '../../src/services/security-questions';
import { changePassword, changeSecurityQuestions, saveProfile } from '../../src/services/user-settings';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createMember, createRateLimit, TEST_PASSWORD } from '../helpers/factories';
import { lastMail } from '../helpers/mail';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const NEW = 'una frase larga y nueva';

/** The signed-in user as the middleware builds it, working in the member's account. */
function currentOf(member: { id: number; email: string; accountId: number; membershipId: number }): CurrentUser {
  return {
    id: member.id,
    email: member.email,
    firstName: 'Prueba',
    lastName: 'Usuario',
    department: '',
    employeeNumber: '',
    locale: 'es',
    membership: { id: member.membershipId, role: 'owner', permissions: [], accountScope: 'all', defaultApp: null },
    account: { id: member.accountId, kind: 'customer', name: 'Cuenta', realm: 'cuenta.test' },
    sections: new Set(),
    activeMemberships: 1,
  };
}

const userRow = (id: number) => t.db('users').where({ id }).first();
const auditOf = (action: string, userId: number) =>
  t.db('audit_events').where({ action, actor_user_id: userId }).orderBy('id');

describe('changePassword', () => {
  it('sets the password, moves the session version on (ending other sessions), mails and audits', async () => {
    const member = await createMember(t.db);
    const before = await userRow(member.id);
    const result = await changePassword(
      t.deps,
      currentOf(member),
      { currentPassword: TEST_PASSWORD, password: NEW },
      '203.0.113.5',
    );
    const after = await userRow(member.id);
    expect(result).toEqual({ ok: true, sessionVersion: before.session_version + 1 });
    expect(after.session_version).toBe(before.session_version + 1);
    expect(await verifySecret(NEW, after.password_hash)).toBe(true);
    expect((await lastMail(t.db, 'password_changed', member.email)).text_body).not.toContain(NEW);
    expect(await auditOf('password.changed', member.id)).toEqual([
      expect.objectContaining({
        account_id: member.accountId,
        target_type: 'user',
        target_id: member.id,
        ip: '203.0.113.5',
      }),
    ]);
  });

  it('refuses a wrong current password: nothing changes, the failure counts and is audited', async () => {
    const member = await createMember(t.db);
    const before = await userRow(member.id);
    const result = await changePassword(
      t.deps,
      currentOf(member),
      { currentPassword: 'no es la mía', password: NEW },
      '203.0.113.6',
    );
    expect(result).toEqual({ ok: false });
    expect(await userRow(member.id)).toEqual(before);
    expect(await lastMail(t.db, 'password_changed', member.email)).toBeUndefined();
    expect(await auditOf('password.change_failed', member.id)).toHaveLength(1);
    const counter = await t
      .db('rate_limits')
      .where({ key: `login:email:${member.email}` })
      .first();
    expect(counter.hits).toBe(1);
  });

  it('refuses even the right password while the address is locked', async () => {
    const member = await createMember(t.db);
    await createRateLimit(t.db, `login:email:${member.email}`, { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: 600 });
    const result = await changePassword(
      t.deps,
      currentOf(member),
      { currentPassword: TEST_PASSWORD, password: NEW },
      undefined,
    );
    expect(result).toEqual({ ok: false });
    expect(await verifySecret(TEST_PASSWORD, (await userRow(member.id)).password_hash)).toBe(true);
  });
});

describe('changeSecurityQuestions', () => {
  const answers = [
    { question: 'first_car', answer: 'Vocho' },
    { question: 'first_job', answer: 'Cajero' },
    { question: 'favorite_book', answer: 'Pedro Páramo' },
  ] as const;

  it('replaces the questions with the current password, mails and audits', async () => {
    const member = await createMember(t.db);
    expect(
      await changeSecurityQuestions(
        t.deps,
        currentOf(member),
        { currentPassword: TEST_PASSWORD, answers: [...answers] },
        undefined,
      ),
    ).toBe(true);
    expect((await questionsOf(t.db, member.id)).map((q) => q.question_key)).toEqual([
      'first_car',
      'first_job',
      'favorite_book',
    ]);
    expect(await lastMail(t.db, 'security_questions_changed', member.email)).toBeDefined();
    expect(await auditOf('security_questions.changed', member.id)).toHaveLength(1);
  });

  it('keeps the old questions when the current password is wrong', async () => {
    const member = await createMember(t.db);
    expect(
      await changeSecurityQuestions(
        t.deps,
        currentOf(member),
        { currentPassword: 'otra cosa', answers: [...answers] },
        undefined,
      ),
    ).toBe(false);
    expect(await questionsOf(t.db, member.id)).toEqual([]);
    expect(await lastMail(t.db, 'security_questions_changed', member.email)).toBeUndefined();
  });
});

describe('saveProfile', () => {
  const identifiers = { first_name: 'Ana', last_name: 'López', department: 'Ventas', employee_number: 'E-7' };

  it('saves the identifiers and the landing page of the current membership, and audits', async () => {
    const member = await createMember(t.db);
    await saveProfile(t.db, currentOf(member), { ...identifiers, default_app: 'tickets' }, '203.0.113.7');
    expect(await userRow(member.id)).toMatchObject(identifiers);
    expect((await t.db('memberships').where({ id: member.membershipId }).first()).default_app).toBe('tickets');
    expect(await auditOf('profile.updated', member.id)).toHaveLength(1);
  });

  it('stores the dashboard as a choice (a partner who picks it no longer lands on the manager), and leaves memberships alone without an account', async () => {
    const member = await createMember(t.db);
    await t.db('memberships').where({ id: member.membershipId }).update({ default_app: 'tickets' });
    await saveProfile(t.db, currentOf(member), { ...identifiers, default_app: 'dashboard' }, undefined);
    expect((await t.db('memberships').where({ id: member.membershipId }).first()).default_app).toBe('dashboard');

    const outside = { ...currentOf(member), membership: null, account: null };
    await t.db('memberships').where({ id: member.membershipId }).update({ default_app: 'tickets' });
    await saveProfile(t.db, outside, { ...identifiers, default_app: 'dashboard' }, undefined);
    expect((await t.db('memberships').where({ id: member.membershipId }).first()).default_app).toBe('tickets');
  });
});
