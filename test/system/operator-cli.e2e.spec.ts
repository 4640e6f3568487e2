/** The operator CLI and the boot-time configuration check, run as a user would. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, testEnv } from '../support/test-env';

const run = promisify(execFile);

function cli(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['dist/apps/api/cli.js', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: testEnv().databaseUrl, ...env } });
}

it('tenant:create --json prints exactly one line of JSON with generated credentials', async () => {
  const [a, b] = await Promise.all([cli(['tenant:create', '--name', 'Acme Énergie', '--json']), cli(['tenant:create', '--name', 'Acme Énergie', '--json'])]);
  const lines = a.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const t = JSON.parse(lines[0]) as Record<string, string>;
  expect(Object.keys(t).sort()).toEqual(['adminEmail', 'adminPassword', 'ingestKey', 'tenantId', 'wallToken']);
  expect(t.ingestKey).toMatch(/^lbk_/);
  expect(t.wallToken).toMatch(/^lbw_/);
  expect(t.adminPassword.length).toBeGreaterThanOrEqual(12);
  const other = JSON.parse(b.stdout) as Record<string, string>;
  expect(other.adminPassword).not.toBe(t.adminPassword);
  expect(other.adminEmail).not.toBe(t.adminEmail);
});

it('npm run leadboard -- tenant:create prints one line of JSON on stdout (banner on stderr, see .npmrc)', async () => {
  const { stdout } = await run('npm', ['run', 'leadboard', '--', 'tenant:create', '--name', 'Via npm', '--json'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testEnv().databaseUrl },
  });
  expect(stdout.trim().split('\n')).toHaveLength(1);
  expect(JSON.parse(stdout)).toHaveProperty('tenantId');
});

it('refuses to start with a bad variable, naming it', async () => {
  for (const [entry, env, name] of [
    ['dist/apps/api/main.js', { PORT: 'eighty' }, 'PORT'],
    ['dist/apps/worker/main.js', { REDIS_URL: 'http://nope' }, 'REDIS_URL'],
    // No built-in signing secret, in any NODE_ENV.
    ['dist/apps/api/main.js', { NODE_ENV: 'development', JWT_SECRET: '' }, 'JWT_SECRET'],
  ] as const) {
    const err = (await run(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 20_000 }).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(err.code).toBe(2);
    expect(err.stderr).toContain(name);
  }
});
