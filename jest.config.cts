// Every fast jest project (unit and integration) in one run; `nx test <project>` runs one of them.
// The system tests (processes, browser) have their own config: test/jest.config.cts.
module.exports = {
  projects: [
    '<rootDir>/libs/contracts/jest.config.cts',
    '<rootDir>/libs/domain/jest.config.cts',
    '<rootDir>/libs/server/jest.config.cts',
    '<rootDir>/apps/api/jest.config.cts',
    '<rootDir>/apps/worker/jest.config.cts',
    '<rootDir>/apps/simulator/jest.config.cts',
    '<rootDir>/tools/jest.config.cts',
  ],
};
