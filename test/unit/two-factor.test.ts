import { ConfigError, loadConfig } from '../../src/config';
import { parseSecondFactorCode, parseSetUpCode } from '../../src/forms/auth/two-factor';
import { findAccountUser } from '../../src/models/account-users';
import { findCredential } from '../../src/models/two-factor';
import { allowedTwoFactorActions, signingIn } from '../../src/policies/two-factor';
import { PENDING_SIGN_IN_MS } from '../../src/domain/sign-in-session';
import { pendingSignInOf } from '../../src/middleware/sign-in-session';
import {
  checkSecondFactor,
  decryptSecret,
  encryptSecret,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrCodeDataUri,
  totpStep,
  twoFactorRequired,
} from '../../src/services/two-factor';
import { RECOVERY_PATTERN } from '../../src/domain/two-factor-codes';
import {
  confirmSetUp,
  ownTwoFactor,
  renewRecoveryCodes,
  resetMemberTwoFactor,
  setUpDetails,
  turnOff,
} from '../../src/services/two-factor-settings';
import { buildTestApp, type TestApp } from '../helpers/app';
import { createAccount, createMember, createMembership, createTwoFactor, memberUserFor } from '../helpers/factories';
import { lastMail } from '../helpers/mail';
import { totpCode } from '../helpers/two-factor';
import type { Request } from 'express';

const SECRET_KEY = 'una-clave-de-sesion-de-prueba-bastante-larga';
const IP = '203.0.113.7';

describe('the secret at rest', () => {
  it('is encrypted (not readable in the row), and only the same SESSION_SECRET reads it back', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const stored = encryptSecret(SECRET_KEY, secret);
    expect(stored).not.toContain(secret);
    expect(encryptSecret(SECRET_KEY, secret)).not.toBe(stored); // a new IV each time
    expect(decryptSecret(SECRET_KEY, stored)).toBe(secret);
    expect(decryptSecret('otra-clave-de-sesion-distinta-de-la-primera', stored)).toBeNull();
    const [iv, tag, body] = stored.split('.');
    const flipped = body.slice(0, -2) + (body.endsWith('AA') ? 'AB' : 'AA');
    expect(decryptSecret(SECRET_KEY, [iv, tag, flipped].join('.'))).toBeNull();
    expect(decryptSecret(SECRET_KEY, 'no es un secreto')).toBeNull();
  });
});

describe('TOTP codes', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-11-24T12:00:10Z');
  const at = (steps: number) => totpCode(secret, steps, now.getTime());

  it('accepts the current step and one step of drift either way, nothing further', async () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(await totpStep(secret, await at(0), null, now)).toBe(step);
    expect(await totpStep(secret, await at(-1), null, now)).toBe(step - 1);
    expect(await totpStep(secret, await at(1), null, now)).toBe(step + 1);
    expect(await totpStep(secret, await at(-2), null, now)).toBeNull();
    expect(await totpStep(secret, await at(2), null, now)).toBeNull();
    expect(await totpStep(secret, 'abcdef', null, now)).toBeNull();
  });

  it('refuses the last used step and any earlier one (no replay)', async () => {
    const step = Math.floor(now.getTime() / 30_000);
    expect(await totpStep(secret, await at(0), step, now)).toBeNull();
    expect(await totpStep(secret, await at(-1), step, now)).toBeNull();
    expect(await totpStep(secret, await at(1), step, now)).toBe(step + 1);
  });

  it('draws the otpauth URI as an SVG QR code, inline as a data: image', async () => {
    const uri = otpauthUri('ana@example.test', secret);
    expect(uri).toBe(`otpauth://totp/Cuentas:ana%40example.test?secret=${secret}&issuer=Cuentas`);
    const image = await qrCodeDataUri(uri);
    expect(image.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(Buffer.from(image.split(',')[1], 'base64').toString()).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/);
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of 80 random bits, hashed the same however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
      expect(RECOVERY_PATTERN.test(code.replace(/-/g, ''))).toBe(true);
    }
    const hash = hashRecoveryCode(codes[0]);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(` ${codes[0].toUpperCase().replace(/-/g, ' ')} `)).toBe(hash);
    expect(hashRecoveryCode(codes[1])).not.toBe(hash);
  });
});

describe('who must use it', () => {
  const staff = { account_kind: 'platform' as const, role: 'member' as const };
  const partner = { account_kind: 'reseller' as const, role: 'admin' as const };
  const owner = { account_kind: 'customer' as const, role: 'owner' as const };
  const admin = { account_kind: 'customer' as const, role: 'admin' as const };
  const member = { account_kind: 'customer' as const, role: 'member' as const };

  it('follows TWO_FACTOR_REQUIRED_FOR through any of the user’s memberships', () => {
    const byDefault = loadConfig({}).twoFactorRequiredFor;
    expect(byDefault).toEqual(['staff', 'partner']);
    expect(twoFactorRequired([staff], byDefault)).toBe(true);
    expect(twoFactorRequired([partner], byDefault)).toBe(true);
    expect(twoFactorRequired([owner, admin, member], byDefault)).toBe(false);
    expect(twoFactorRequired([member, partner], byDefault)).toBe(true);
    expect(twoFactorRequired([owner], ['owner'])).toBe(true);
    expect(twoFactorRequired([admin, member], ['owner'])).toBe(false);
    expect(twoFactorRequired([partner], ['admin'])).toBe(true);
    expect(twoFactorRequired([staff, partner, owner], [])).toBe(false);
  });

  it('is read from the configuration: empty turns it off, unknown roles refuse to start', () => {
    expect(loadConfig({ TWO_FACTOR_REQUIRED_FOR: '' }).twoFactorRequiredFor).toEqual([]);
    expect(loadConfig({ TWO_FACTOR_REQUIRED_FOR: ' Owner, admin,owner ' }).twoFactorRequiredFor).toEqual([
      'owner',
      'admin',
    ]);
    expect(() => loadConfig({ TWO_FACTOR_REQUIRED_FOR: 'staff,jefes' })).toThrow(ConfigError);
  });
});

describe('policies and forms', () => {
  it('keeps a required factor on, and lets only a visitor who is not signed in reach the second step', () => {
    expect(allowedTwoFactorActions({ enabled: false, required: false })).toEqual({
      canTurnOn: true,
      canTurnOff: false,
      canRenewCodes: false,
    });
    expect(allowedTwoFactorActions({ enabled: true, required: false })).toEqual({
      canTurnOn: false,
      canTurnOff: true,
      canRenewCodes: true,
    });
    expect(allowedTwoFactorActions({ enabled: true, required: true }).canTurnOff).toBe(false);
    expect(signingIn.allows(undefined)).toBe(true);
    expect(signingIn.allows(memberUserFor({ id: 1, email: 'a@b.test', accountId: 1, membershipId: 1 }))).toBe(false);
  });

  it('reads a code: six digits or a recovery code at sign-in, only six digits to confirm a set-up', () => {
    expect(parseSecondFactorCode({ code: ' 123 456 ' })).toEqual({ ok: true, data: { code: '123456' } });
    expect(parseSecondFactorCode({ code: 'ABCD-EFGH-JKMN-PQRS' })).toEqual({
      ok: true,
      data: { code: 'abcdefghjkmnpqrs' },
    });
    expect(parseSecondFactorCode({})).toMatchObject({ ok: false, errors: { code: 'errors.two_factor.code.required' } });
    expect(parseSecondFactorCode({ code: '12345' })).toMatchObject({
      ok: false,
      errors: { code: 'errors.two_factor.code.format' },
    });
    expect(parseSetUpCode({ code: 'abcd-efgh-jkmn-pqrs' })).toMatchObject({
      ok: false,
      errors: { code: 'errors.two_factor.code.setup_format' },
    });
    expect(parseSetUpCode({ code: ['123456'] })).toMatchObject({ ok: false });
  });

  it('forgets a pending sign-in after ten minutes', () => {
    const pending = { userId: 1, accountId: null, userVersion: 1, via: 'password', startedAt: 1_000_000 };
    const req = { session: { pendingSignIn: pending } } as unknown as Request;
    expect(pendingSignInOf(req, 1_000_000 + PENDING_SIGN_IN_MS)).toBe(pending);
    expect(pendingSignInOf(req, 1_000_001 + PENDING_SIGN_IN_MS)).toBeNull();
  });
});

describe('the services, on the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const person = (m: { id: number; email: string }) => ({
    id: m.id,
    email: m.email,
    firstName: 'Ana',
    locale: 'es' as const,
  });

  it('sets up: the same secret until confirmed, then on with ten hashed codes, audited and e-mailed', async () => {
    const owner = await createMember(t.db);
    const first = await setUpDetails(t.deps, owner);
    expect((await setUpDetails(t.deps, owner)).secret).toBe(first.secret);
    expect(await confirmSetUp(t.deps, person(owner), owner.accountId, '000000', IP)).toEqual({ ok: false });

    const result = await confirmSetUp(t.deps, person(owner), owner.accountId, await totpCode(first.secret), IP);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.recoveryCodes).toHaveLength(10);
    expect(await ownTwoFactor(t.deps, owner.id)).toEqual({ enabled: true, required: false, unusedCodes: 10 });
    await expect(setUpDetails(t.deps, owner)).rejects.toThrow(/factor is on/);
    expect(
      await t.db('audit_events').where({ action: 'two_factor.enabled', account_id: owner.accountId }),
    ).toHaveLength(1);
    expect(await lastMail(t.db, 'two_factor_enabled', owner.email)).toBeDefined();
    // Confirming twice (two tabs) turns it on once.
    expect(await confirmSetUp(t.deps, person(owner), owner.accountId, await totpCode(first.secret, 1), IP)).toEqual({
      ok: false,
    });
  });

  it('starts a new secret when the stored one can no longer be read (SESSION_SECRET changed)', async () => {
    const owner = await createMember(t.db);
    const before = await setUpDetails(t.deps, owner);
    await t.db('two_factor_credentials').where({ user_id: owner.id }).update({ secret_ciphertext: 'a.b.c' });
    const after = await setUpDetails(t.deps, owner);
    expect(after.secret).not.toBe(before.secret);
    expect(decryptSecret(t.config.sessionSecret, (await findCredential(t.db, owner.id))!.secret_ciphertext)).toBe(
      after.secret,
    );
  });

  it('accepts the same TOTP code once even when it arrives twice at the same moment', async () => {
    const owner = await createMember(t.db);
    const { secret } = await createTwoFactor(t.db, owner.id);
    const credential = (await findCredential(t.db, owner.id))!;
    const code = await totpCode(secret);
    const options = { sessionSecret: t.config.sessionSecret, now: new Date() };
    const audit = { accountId: null, ip: IP };
    const results = await Promise.all([
      checkSecondFactor(t.db, options, credential, code, audit),
      checkSecondFactor(t.db, options, credential, code, audit),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('uses a recovery code once, even when it arrives twice at the same moment, and records it', async () => {
    const owner = await createMember(t.db);
    const { recoveryCodes } = await createTwoFactor(t.db, owner.id);
    const credential = (await findCredential(t.db, owner.id))!;
    const options = { sessionSecret: t.config.sessionSecret, now: new Date() };
    const audit = { accountId: owner.accountId, ip: IP };
    const results = await Promise.all([
      checkSecondFactor(t.db, options, credential, recoveryCodes[0], audit),
      checkSecondFactor(t.db, options, credential, recoveryCodes[0], audit),
    ]);
    expect(results).toContainEqual({ ok: true, via: 'recovery_code' });
    expect(results).toContainEqual({ ok: false });
    expect(
      await t.db('audit_events').where({ action: 'two_factor.recovery_code_used', actor_user_id: owner.id }),
    ).toHaveLength(1);
    expect((await ownTwoFactor(t.deps, owner.id)).unusedCodes).toBe(9);
  });

  it('turns off and renews codes only with a right code; wrong ones count toward the lockout', async () => {
    const owner = await createMember(t.db);
    const current = memberUserFor(owner);
    const { secret, recoveryCodes } = await createTwoFactor(t.db, owner.id);
    expect(await renewRecoveryCodes(t.deps, current, '000000', IP)).toBeNull();
    expect(await turnOff(t.deps, current, '000000', IP)).toBe(false);
    expect(
      (
        await t
          .db('rate_limits')
          .where({ key: `login:email:${owner.email}` })
          .first()
      ).hits,
    ).toBe(2);

    const fresh = await renewRecoveryCodes(t.deps, current, recoveryCodes[0], IP);
    expect(fresh).toHaveLength(10);
    expect(await turnOff(t.deps, current, recoveryCodes[1], IP)).toBe(false); // the old ones are gone
    expect(await turnOff(t.deps, current, await totpCode(secret), IP)).toBe(true);
    expect(await findCredential(t.db, owner.id)).toBeUndefined();
    expect(await t.db('two_factor_recovery_codes').where({ user_id: owner.id })).toEqual([]);
    expect(await lastMail(t.db, 'two_factor_disabled', owner.email)).toBeDefined();
  });

  it('says when the user’s roles require it', async () => {
    const required = await buildTestApp({ env: { TWO_FACTOR_REQUIRED_FOR: 'partner' } });
    try {
      const partner = await createMember(required.db, {
        accountId: await createAccount(required.db, { kind: 'reseller' }),
      });
      expect(await ownTwoFactor(required.deps, partner.id)).toEqual({ enabled: false, required: true, unusedCodes: 0 });
      const owner = await createMember(required.db);
      expect((await ownTwoFactor(required.deps, owner.id)).required).toBe(false);
      await createMembership(required.db, owner.id, await createAccount(required.db, { kind: 'reseller' }));
      expect((await ownTwoFactor(required.deps, owner.id)).required).toBe(true);
    } finally {
      await required.close();
    }
  });

  it('lets a manager reset a member’s factor: gone, audited in the account, the member e-mailed', async () => {
    const accountId = await createAccount(t.db, { name: 'Cuenta Reset' });
    const owner = await createMember(t.db, { accountId });
    const member = await createMember(t.db, { accountId, role: 'member' });
    await createTwoFactor(t.db, member.id);
    const target = (await findAccountUser(t.db, accountId, member.membershipId))!;
    expect(target.two_factor).toBe(true);

    await resetMemberTwoFactor(t.deps, memberUserFor(owner, { accountName: 'Cuenta Reset' }), target, IP);
    expect(await findCredential(t.db, member.id)).toBeUndefined();
    expect((await findAccountUser(t.db, accountId, member.membershipId))!.two_factor).toBe(false);
    expect(await t.db('audit_events').where({ action: 'user.two_factor_reset' }).first()).toMatchObject({
      account_id: accountId,
      actor_user_id: owner.id,
      target_type: 'membership',
      target_id: member.membershipId,
      ip: IP,
    });
    const mail = await lastMail(t.db, 'two_factor_reset', member.email);
    expect(mail.account_id).toBe(accountId);
    expect(mail.text_body).toContain('Prueba Usuario, de Cuenta Reset, quitó la verificación en dos pasos');
  });
});
