import { parseAccountChoice } from '../../src/forms/auth/account-choice';
import { parseNewPassword, parseRecoveryEmail } from '../../src/forms/auth/password-reset';
import { parseInvitationAcceptance } from '../../src/forms/auth/registration';
import { recoveryAnswers } from '../../src/forms/auth/security-answers';
import { parsePasswordChange } from '../../src/forms/customer/password';
import { parseProfile } from '../../src/forms/customer/profile';
import { parseSecurityQuestions } from '../../src/forms/customer/security-questions';

const NEW = 'una frase larga y nueva';
const questions = { 1: 'first_car', 2: 'first_job', 3: 'favorite_book' };
const answers = { 1: 'Vocho', 2: 'Cajero', 3: 'Pedro Páramo' };

describe('profile form', () => {
  const identifiers = { first_name: ' Ana ', last_name: 'López', department: '', employee_number: 'E-1' };

  it('trims the identifiers and keeps the landing page chosen among the offered ones', () => {
    const result = parseProfile({ ...identifiers, default_app: 'tickets' }, ['dashboard', 'tickets']);
    expect(result).toEqual({
      ok: true,
      data: { first_name: 'Ana', last_name: 'López', department: '', employee_number: 'E-1', default_app: 'tickets' },
    });
  });

  it('refuses a landing page that is not offered, keeping the (trimmed) values', () => {
    const result = parseProfile({ ...identifiers, default_app: 'users' }, ['dashboard', 'tickets']);
    expect(result).toEqual({
      ok: false,
      values: { first_name: 'Ana', last_name: 'López', department: '', employee_number: 'E-1', default_app: 'users' },
      errors: { default_app: 'errors.profile.default_app.invalid' },
    });
  });

  it('checks the landing page only once the identifiers are right, and only in an account', () => {
    const bad = parseProfile({ ...identifiers, last_name: '', default_app: 'users' }, ['dashboard']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toEqual({ last_name: 'errors.profile.last_name.required' });
      expect(bad.values).toMatchObject({ first_name: ' Ana ', default_app: 'users' });
    }
    expect(parseProfile({ ...identifiers, default_app: 'users' }, null).ok).toBe(true);
    const none = parseProfile(identifiers, ['dashboard']);
    expect(none.ok && none.data.default_app).toBe('dashboard');
  });
});

describe('password forms', () => {
  it('reports every problem of a password change at once, never echoing a password', () => {
    const result = parsePasswordChange({ password: 'corta', password_confirmation: 'otra' }, 'ana@example.test');
    expect(result).toEqual({
      ok: false,
      values: {},
      errors: {
        current_password: 'errors.password.current_password.required',
        password: 'errors.password.password.too_short',
        password_confirmation: 'errors.password.password_confirmation.mismatch',
      },
    });
  });

  it('refuses the current password as the new one, and a new one that differs', () => {
    const fields = { current_password: NEW, password: NEW, password_confirmation: NEW };
    expect(parsePasswordChange(fields, 'ana@a.test')).toEqual({
      ok: false,
      values: {},
      errors: { password: 'errors.password.password.same_as_current' },
    });
    expect(parsePasswordChange({ ...fields, current_password: 'la de antes' }, 'ana@a.test').ok).toBe(true);
  });

  it('refuses the own address as a new password and accepts a long phrase', () => {
    const own = parseNewPassword(
      { password: 'ana.lopez.mx', password_confirmation: 'ana.lopez.mx' },
      'ana.lopez.mx@a.test',
    );
    expect(!own.ok && own.errors.password).toBe('errors.password.password.email');
    expect(parseNewPassword({ password: NEW, password_confirmation: NEW }, 'ana@a.test')).toEqual({
      ok: true,
      data: { password: NEW, password_confirmation: NEW },
    });
  });

  it('lower-cases the recovery address and keeps what was typed when it is not one', () => {
    expect(parseRecoveryEmail({ email: ' Ana@Example.TEST ' })).toEqual({
      ok: true,
      data: { email: 'ana@example.test' },
    });
    expect(parseRecoveryEmail({ email: 'sin arroba' })).toEqual({
      ok: false,
      values: { email: 'sin arroba' },
      errors: { email: 'errors.recovery.email.invalid' },
    });
  });
});

describe('security question forms', () => {
  it('needs three different questions, three answers and the current password', () => {
    const ok = parseSecurityQuestions({ current_password: 'x', questions, answers });
    expect(ok.ok).toBe(true);
    const same = parseSecurityQuestions({
      current_password: 'x',
      questions: { ...questions, 2: 'first_car' },
      answers,
    });
    expect(!same.ok && same.errors.questions).toBe('errors.security.questions.distinct');
    const short = parseSecurityQuestions({ questions, answers: { ...answers, 3: 'x' } });
    expect(!short.ok && short.errors).toEqual({
      current_password: 'errors.password.current_password.required',
      answers: 'errors.security.answers.required',
    });
  });

  it('reads recovery answers as text, whatever arrives', () => {
    expect(recoveryAnswers({ answers: { 1: 'a', 2: ['b'], 3: 'c' } })).toEqual(['a', '', 'c']);
    expect(recoveryAnswers({ answers: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(recoveryAnswers({})).toEqual([]);
    expect(recoveryAnswers(undefined)).toEqual([]);
  });
});

describe('invitation form', () => {
  it('asks an existing login only for its password', () => {
    expect(parseInvitationAcceptance({ password: 'secreto' }, { registered: true, email: 'a@b.test' })).toEqual({
      ok: true,
      data: { kind: 'existing', password: 'secreto' },
    });
    const empty = parseInvitationAcceptance({}, { registered: true, email: 'a@b.test' });
    expect(!empty.ok && empty.errors).toEqual({ password: 'errors.login.password.required' });
  });

  it('asks a new person for a password twice and three questions, paired with their answers', () => {
    const result = parseInvitationAcceptance(
      { password: NEW, password_confirmation: NEW, questions, answers },
      { registered: false, email: 'a@b.test' },
    );
    expect(result).toEqual({
      ok: true,
      data: {
        kind: 'new',
        password: NEW,
        answers: [
          { question: 'first_car', answer: 'Vocho' },
          { question: 'first_job', answer: 'Cajero' },
          { question: 'favorite_book', answer: 'Pedro Páramo' },
        ],
      },
    });
    const missing = parseInvitationAcceptance({ password: NEW }, { registered: false, email: 'a@b.test' });
    expect(!missing.ok && Object.keys(missing.errors).sort()).toEqual([
      'answers',
      'password_confirmation',
      'questions',
    ]);
  });
});

describe('account choice form', () => {
  it('reads the account id and a same-origin return path only', () => {
    expect(parseAccountChoice({ account_id: '12', next: '/tickets' })).toEqual({ accountId: 12, next: '/tickets' });
    expect(parseAccountChoice({ account_id: 'x', next: '//evil.example' })).toEqual({ accountId: NaN, next: null });
    expect(parseAccountChoice(undefined)).toEqual({ accountId: NaN, next: null });
  });
});
