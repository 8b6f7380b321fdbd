/** Unit and request tests: real PostgreSQL (embedded unless DATABASE_URL), real templates, CSRF on. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
    // otplib's default plugins load ESM-only packages; Node requires them natively, jest does not.
    '^.+/node_modules/(@scure|@noble)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@scure|@noble)/)(?!.*/node_modules/)'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  maxWorkers: 2,
  // Generous: several suites sign in many users with bcrypt (cost 12), slow on a busy 2-core machine.
  testTimeout: 90000,
};
