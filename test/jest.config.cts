// System tests: built API, worker and dashboard started as processes, against the real
// PostgreSQL and Redis of the machine (a database and key prefix of their own, removed after).
module.exports = {
  displayName: 'system',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/system/**/*.e2e.spec.ts', '<rootDir>/browser/**/*.e2e.spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
