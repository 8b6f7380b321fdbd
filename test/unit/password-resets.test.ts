import { MAX_FAILURES_PER_EMAIL, MAX_RECOVERY_FAILURES } from '../../src/services/lockout';
import {
  completePasswordReset,
  findPasswordReset,
  issuePasswordReset,
  MAX_MAILS_PER_EMAIL,
  processPasswordResetRequests,
  requestPasswordReset,
  resetPasswordWithLink,
} from '../../src/services/password-resets';
import { hashSecret, verifySecret } from '../../src/services/passwords';
import { checkRecoveryAnswers, recoveryQuestions, resetPasswordWithAnswers } from '../../src/services/question-resets';
import { decoyQuestions } from '../../src/domain/security-questions';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createMember, createRateLimit, createSecurityAnswers, createUser } from '../helpers/factories';
import { lastMail, linkInMail } from '../helpers/mail';

let now = new Date();
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ clock: () => now });
});
afterAll(() => t.close());
beforeEach(() => {
  now = new Date();
});

const NEW = 'otra frase nueva y larga';
const tokenOf = async (email: string) => (await linkInMail(t.db, 'password_reset', email)).split('/').pop()!;
const userRow = (id: number) => t.db('users').where({ id }).first();
const resetsOf = (userId: number) => t.db('password_resets').where({ user_id: userId }).orderBy('id');

describe('requestPasswordReset', () => {
  it('queues a link for a user with a password, and audits every request, known or not', async () => {
    const user = await createMember(t.db);
    await requestPasswordReset(t.deps, user.email, '198.51.100.1');
    await requestPasswordReset(t.deps, 'nadie@example.test', '198.51.100.1');
    await processPasswordResetRequests(t.deps);
    expect(await lastMail(t.db, 'password_reset', user.email)).toBeDefined();
    expect(await lastMail(t.db, 'password_reset', 'nadie@example.test')).toBeUndefined();
    const audits = await t.db('audit_events').where({ action: 'password.reset_requested' }).pluck('metadata');
    expect(audits).toEqual(
      expect.arrayContaining([
        { email: user.email, known: true },
        { email: 'nadie@example.test', known: false },
      ]),
    );
  });

  it('writes no link for an invited user without a password, nor beyond the hourly limit', async () => {
    const invited = await createUser(t.db, { password: null });
    await requestPasswordReset(t.deps, invited.email, undefined);
    await processPasswordResetRequests(t.deps);
    expect(await lastMail(t.db, 'password_reset', invited.email)).toBeUndefined();

    const user = await createMember(t.db);
    for (let i = 0; i < MAX_MAILS_PER_EMAIL + 2; i++) await requestPasswordReset(t.deps, user.email, undefined);
    await processPasswordResetRequests(t.deps);
    expect(
      await t
        .db('mail_outbox')
        .where({ template: 'password_reset' })
        .whereRaw('? = ANY(to_addresses)', [user.email])
        .count('* as n')
        .first(),
    ).toEqual({
      n: MAX_MAILS_PER_EMAIL,
    });
  });
});

describe('links', () => {
  it('a new link revokes the older ones; links expire after an hour', async () => {
    const user = await createMember(t.db);
    const row = await userRow(user.id);
    await t.db.transaction((trx) => issuePasswordReset({ ...t.deps, db: trx }, row, undefined));
    const first = await tokenOf(user.email);
    await t.db.transaction((trx) => issuePasswordReset({ ...t.deps, db: trx }, row, undefined));
    const second = await tokenOf(user.email);
    expect(await findPasswordReset(t.deps, first)).toEqual({ state: 'invalid' });
    expect(await findPasswordReset(t.deps, second)).toEqual({
      state: 'ok',
      resetId: expect.any(Number),
      userId: user.id,
      locale: 'es',
      email: user.email,
    });
    expect(await findPasswordReset(t.deps, 'not-a-token')).toEqual({ state: 'invalid' });
    now = new Date(Date.now() + 61 * 60_000);
    expect(await findPasswordReset(t.deps, second)).toEqual({ state: 'expired' });
  });

  it('a link sets the password once', async () => {
    const user = await createMember(t.db);
    await requestPasswordReset(t.deps, user.email, undefined);
    await processPasswordResetRequests(t.deps);
    const token = await tokenOf(user.email);
    expect(await resetPasswordWithLink(t.deps, token, NEW, '198.51.100.2')).toBe(true);
    expect(await verifySecret(NEW, (await userRow(user.id)).password_hash)).toBe(true);
    expect(await resetPasswordWithLink(t.deps, token, 'y otra más distinta', undefined)).toBe(false);
    expect(await verifySecret(NEW, (await userRow(user.id)).password_hash)).toBe(true);
    const [reset] = await resetsOf(user.id);
    expect(reset.used_at).not.toBeNull();
  });
});

describe('completePasswordReset', () => {
  it('ends every session, kills open links, lifts the lockout, mails and audits', async () => {
    const user = await createMember(t.db);
    const before = await userRow(user.id);
    await t.db.transaction((trx) => issuePasswordReset({ ...t.deps, db: trx }, before, undefined));
    await createRateLimit(t.db, `login:email:${user.email}`, { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: 600 });

    const hash = await hashSecret(NEW);
    await t.db.transaction((trx) =>
      completePasswordReset({ ...t.deps, db: trx }, user.id, hash, 'questions', '198.51.100.3'),
    );

    expect((await userRow(user.id)).session_version).toBe(before.session_version + 1);
    expect((await resetsOf(user.id)).every((r: { revoked_at: Date | null }) => r.revoked_at !== null)).toBe(true);
    expect(
      await t
        .db('rate_limits')
        .where({ key: `login:email:${user.email}` })
        .first(),
    ).toBeUndefined();
    expect(await lastMail(t.db, 'password_changed', user.email)).toBeDefined();
    const audit = await t
      .db('audit_events')
      .where({ action: 'password.reset_completed', actor_user_id: user.id })
      .first();
    expect(audit).toMatchObject({ target_id: user.id, ip: '198.51.100.3', metadata: { via: 'questions' } });
  });
});

describe('recovery by security questions', () => {
  it('asks a user their own questions, and an unknown address the same decoys every time', async () => {
    const user = await createMember(t.db);
    await createSecurityAnswers(t.db, user.id);
    expect(await recoveryQuestions(t.deps, user.email)).toEqual(['first_pet', 'first_school', 'street_grew_up']);
    const decoys = await recoveryQuestions(t.deps, 'fantasma@example.test');
    expect(decoys).toEqual(decoyQuestions('fantasma@example.test', t.config.sessionSecret));
    expect(await recoveryQuestions(t.deps, 'fantasma@example.test')).toEqual(decoys);
  });

  it('accepts right answers; wrong ones are counted apart from sign-in, audited, and lock only the questions', async () => {
    const user = await createMember(t.db);
    await createSecurityAnswers(t.db, user.id);
    const right = [' firulais ', 'BENITO  juárez', 'Insurgentes Sur'];
    const wrong = ['Firulais', 'Benito Juárez', 'otra'];
    expect(await checkRecoveryAnswers(t.deps, user.email, right, '198.51.100.4')).toBe('accepted');
    expect(await checkRecoveryAnswers(t.deps, user.email, wrong, '198.51.100.4')).toBe('wrong');
    const hits = async (key: string) => (await t.db('rate_limits').where({ key }).first())?.hits as number | undefined;
    expect(await hits(`recovery:email:${user.email}`)).toBe(1);
    expect(await hits(`login:email:${user.email}`)).toBeUndefined();
    expect(
      await t
        .db('audit_events')
        .where({ action: 'password.questions_failed', actor_user_id: user.id })
        .count('* as n')
        .first(),
    ).toEqual({ n: 1 });

    for (let i = 2; i < MAX_RECOVERY_FAILURES; i++)
      expect(await checkRecoveryAnswers(t.deps, user.email, wrong, '198.51.100.4')).toBe('wrong');
    expect(await checkRecoveryAnswers(t.deps, user.email, wrong, '198.51.100.4')).toBe('locked');
    expect(await checkRecoveryAnswers(t.deps, user.email, right, '198.51.100.4')).toBe('locked');
    expect(await checkRecoveryAnswers(t.deps, user.email, wrong, '198.51.100.4')).toBe('locked');
    const mail = await lastMail(t.db, 'questions_locked', user.email);
    expect(mail.subject).toBe('Bloqueamos la recuperación con preguntas de seguridad de tu ID de Cuentas');
    expect(await t.db('mail_outbox').where({ template: 'questions_locked' }).count('* as n').first()).toEqual({ n: 1 });
    expect(await hits(`login:email:${user.email}`)).toBeUndefined();

    // A new password (here by link) starts the count over.
    await t.db.transaction((trx) => completePasswordReset({ ...t.deps, db: trx }, user.id, 'x', 'email', undefined));
    expect(await checkRecoveryAnswers(t.deps, user.email, right, '198.51.100.4')).toBe('accepted');
  }, 120_000);

  it('ignores a sign-in lockout: the questions are the way out of it', async () => {
    const user = await createMember(t.db);
    await createSecurityAnswers(t.db, user.id);
    await createRateLimit(t.db, `login:email:${user.email}`, { hits: MAX_FAILURES_PER_EMAIL, resetInSeconds: 600 });
    expect(
      await checkRecoveryAnswers(t.deps, user.email, ['Firulais', 'Benito Juárez', 'Insurgentes Sur'], undefined),
    ).toBe('accepted');
  });

  it('never accepts answers for an address without questions, and writes to nobody when it locks', async () => {
    for (let i = 0; i < MAX_RECOVERY_FAILURES; i++)
      expect(await checkRecoveryAnswers(t.deps, 'fantasma@example.test', ['a', 'b', 'c'], undefined)).not.toBe(
        'accepted',
      );
    expect(await lastMail(t.db, 'questions_locked', 'fantasma@example.test')).toBeUndefined();
  }, 120_000);

  it('sets the new password after the answers, or does nothing for an unknown address', async () => {
    const user = await createMember(t.db);
    expect(await resetPasswordWithAnswers(t.deps, user.email, NEW, undefined)).toBe(true);
    expect(await verifySecret(NEW, (await userRow(user.id)).password_hash)).toBe(true);
    expect(await resetPasswordWithAnswers(t.deps, 'fantasma@example.test', NEW, undefined)).toBe(false);
  });
});
