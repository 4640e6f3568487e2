// ESLint: the module boundaries between the Nx projects (their `tags` in project.json), plus a few
// cheap rules the code already keeps. `npm run lint` runs it with the type checks, and `npm test` fails
// on a violation (scripts/test-all.mjs); libs/domain/src/lint/module-boundaries.spec.ts proves it does.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

/** What a server process is made of: never in pure libraries, never in the browser. */
const SERVER_PACKAGES = ['@nestjs/*', 'nestjs-*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'express', '@bull-board/*', '@socket.io/*', 'socket.io', 'prom-client', 'pino*', 'helmet'];
/** What the dashboard is made of: never in pure libraries. */
const BROWSER_PACKAGES = ['vue', 'vue-*', 'pinia', 'echarts', 'socket.io-client', '@vue/*'];

/** The rules between projects; `infraBans`: what libs/server may not import. */
const depConstraints = (infraBans) => [
  // libs/domain, libs/contracts: pure TypeScript, usable in every process and in the browser.
  { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure'], bannedExternalImports: [...SERVER_PACKAGES, ...BROWSER_PACKAGES] },
  // libs/server: what the API and the worker share.
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:pure', 'type:infra'], bannedExternalImports: infraBans },
  // The API and the worker (and the simulator): libraries only, never another app.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:infra'] },
  // The dashboard runs in the browser: the shared pure libraries only, no server code.
  { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['type:pure'], bannedExternalImports: SERVER_PACKAGES },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['type:pure'] },
];

export default [
  { ignores: ['**/node_modules/**', 'dist/**', 'tmp/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'libs/domain/src/lint/fixtures/**'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.vue'],
    plugins: { '@nx': nx, '@typescript-eslint': tseslint.plugin },
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module', extraFileExtensions: ['.vue'] },
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: depConstraints(BROWSER_PACKAGES) }],
      '@typescript-eslint/no-explicit-any': 'error',
      ...prettier.rules,
    },
  },
  {
    // Node builtins that do I/O have no place in the pure libraries (they also run in the browser).
    files: ['libs/domain/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|cluster|dgram|dns|tls|worker_threads|process)$',
              message: 'libs/domain and libs/contracts are pure: no I/O (the servers pass what a rule needs).',
            },
          ],
        },
      ],
    },
  },
  {
    // libs/server's specs play the dashboard's part against the real server: a socket.io client is theirs to use.
    files: ['libs/server/src/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: [], depConstraints: depConstraints(BROWSER_PACKAGES.filter((p) => p !== 'socket.io-client')) }],
    },
  },
];
