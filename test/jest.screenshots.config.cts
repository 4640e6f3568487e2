// `npm run screenshots`: regenerates the images in docs/screenshots from the real stack.
// Not part of `npm test` (it rewrites committed files); same harness as the system tests.
const base = require('./jest.config.cts');

module.exports = { ...base, displayName: 'screenshots', testMatch: ['<rootDir>/browser/**/*.shoot.ts'] };
