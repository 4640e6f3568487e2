// Shared jest settings: @swc/jest (≈2× faster than ts-jest, keeps Nest's decorator metadata)
// and the @leadboard/* path aliases of tsconfig.json.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@leadboard/(contracts|domain|server)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    '^@leadboard/domain/testing$': path.join(__dirname, 'libs/domain/src/testing/random-lead-history.ts'),
    '^@leadboard/server/testing$': path.join(__dirname, 'libs/server/src/testing/test-database.ts'),
  },
};
