// The fault suite: each scenario starts its own APIs, workers, redis-server (AOF everysec) and
// database, breaks something (a process, PostgreSQL, Redis, the network) under load, and checks that
// every accepted event was applied exactly once and every open screen shows a fresh snapshot's figures.
module.exports = {
  displayName: 'faults',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/faults/**/*.spec.ts'],
  globalSetup: '<rootDir>/faults/support/global-setup.ts',
  globalTeardown: '<rootDir>/faults/support/global-teardown.ts',
  testTimeout: 900_000,
  maxWorkers: 1,
};
