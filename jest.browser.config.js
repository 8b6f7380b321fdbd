/** Browser journeys: Debian's Chromium through playwright-core, JavaScript disabled. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  maxWorkers: 1,
  testTimeout: 60000,
};
