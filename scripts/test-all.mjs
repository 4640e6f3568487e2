// `npm test`: every test, in order — build, type checks, lint (module boundaries), unit and integration
// tests (jest and the dashboard's vitest), then the system and browser tests against the built processes,
// then the fault suite (processes killed, PostgreSQL and Redis broken under load).
// Ends with one line "N passed, N failed" summing every runner; a failed step that has no per-test
// results (build, type checks, lint) counts as one failure there.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, ROOT, checkServices, run } from './lib.mjs';

const results = join(ROOT, 'tmp', 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

async function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return true;
  if (process.getuid?.() !== 0) {
    console.error('The browser tests need Debian Chromium: sudo apt-get install -y chromium');
    return false;
  }
  console.log('Installing Debian Chromium for the browser tests…');
  return (await run('apt-get', ['update', '-qq'])) === 0 && (await run('apt-get', ['install', '-y', '-qq', 'chromium'])) === 0;
}

function counts(file, kind) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return kind === 'jest' || kind === 'vitest'
    ? { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0), skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) }
    : null;
}

/** What `npm run lint` checks too (package.json): every TypeScript and Vue source of the workspace. */
const LINTED = ['apps', 'libs', 'test', 'tools'];

const steps = [
  ['build', 'npx', ['nx', 'run-many', '-t', 'build', '--output-style=static']],
  ['typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--output-style=static']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', ...LINTED]],
  ['unit and integration (jest)', 'npx', ['jest', '-c', 'jest.config.cts', '--json', `--outputFile=${join(results, 'unit.json')}`], 'unit.json'],
  ['dashboard (vitest)', 'npx', ['vitest', 'run', '--config', 'apps/dashboard/vite.config.mts', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'dashboard.json')}`], 'dashboard.json'],
  ['system and browser (jest)', 'npx', ['jest', '-c', 'test/jest.config.cts', '--json', `--outputFile=${join(results, 'system.json')}`], 'system.json'],
  ['faults (jest)', 'npx', ['jest', '-c', 'test/jest.faults.config.cts', '--json', `--outputFile=${join(results, 'faults.json')}`], 'faults.json'],
];

async function main() {
  const servicesOk = await checkServices(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, process.env.REDIS_URL ?? DEFAULT_REDIS_URL);
  const chromiumOk = await ensureChromium();
  if (!servicesOk || !chromiumOk) process.exit(1);
  let failedSteps = 0;
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const [name, cmd, args, resultFile] of steps) {
    console.log(`\n=== ${name} ===`);
    const started = Date.now();
    const code = await run(cmd, args);
    console.log(`=== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
    if (code !== 0) failedSteps++;
    if (resultFile) {
      const c = counts(join(results, resultFile), 'jest');
      if (c) for (const k of Object.keys(total)) total[k] += c[k];
      else if (code !== 0) total.failed++;
    } else if (code !== 0) {
      total.failed++;
    }
    if (code !== 0 && (name === 'build')) break;
  }
  if (total.skipped > 0) {
    console.error(`${total.skipped} test(s) skipped: a skipped test is a defect here.`);
    failedSteps++;
  }
  console.log(`\n${total.passed} passed, ${total.failed} failed`);
  process.exit(failedSteps > 0 || total.failed > 0 ? 1 : 0);
}

main();
