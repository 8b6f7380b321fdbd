import { loadConfig, variedEnough } from '../../src/config';

// Issue 11, item 9: production refuses a SESSION_SECRET with too little variety, and says how to make one.
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/cuentas',
  SMTP_URL: 'smtp://mail',
};
const RANDOM = 'q3J8vZk1Lw9Xr2Tn5Yb7Hc4Ud6Fe0Gm+Po/As=Qi8Wj3Ek5Rl'; // like `openssl rand -base64 48`

it('refuses 32 × "a" and other secrets made of few characters or one repeated word', () => {
  for (const secret of [
    'a'.repeat(32),
    'ab'.repeat(20),
    'password1'.repeat(5),
    'x'.repeat(40),
    '0123456789'.repeat(4),
  ]) {
    expect(variedEnough(secret)).toBe(false);
    expect(() => loadConfig({ ...production, SESSION_SECRET: secret })).toThrow(/openssl rand -base64 48/);
  }
});

it('accepts a random secret, and too short a secret says how to make one too', () => {
  expect(variedEnough(RANDOM)).toBe(true);
  expect(variedEnough('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBe(true);
  expect(() => loadConfig({ ...production, SESSION_SECRET: RANDOM })).not.toThrow();
  expect(() => loadConfig({ ...production, SESSION_SECRET: 'corta' })).toThrow(/openssl rand -base64 48/);
});
