/** Unit and request tests: real PostgreSQL (embedded unless DATABASE_URL), real templates, CSRF on. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/', '<rootDir>/test/faults/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
    // otplib's default plugins load ESM-only packages; Node requires them natively, jest does not.
    '^.+/node_modules/(@scure|@noble)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
    // email-reply-parser is ES modules only and reads import.meta.url.
    '^.+/node_modules/email-reply-parser/.+\\.js$': '<rootDir>/test/esm-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@scure|@noble|email-reply-parser)/)(?!.*/node_modules/)'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  maxWorkers: 2,
  // Generous: several suites sign in many users with bcrypt (cost 12), slow on a busy 2-core machine.
  testTimeout: 90000,
};
