/**
 * Fault injection (`npm run test:faults`): each file starts its own PostgreSQL and the app as a
 * child process, so no global setup, one file at a time.
 */
const base = require('./jest.config.js');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.test.ts'],
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  reporters: base.reporters,
  maxWorkers: 1,
  testTimeout: 120000,
};
