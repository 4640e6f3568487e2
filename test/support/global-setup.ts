import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ENV_VAR, ROOT, baseUrls, type TestEnv } from './test-env';

export default async function globalSetup(): Promise<void> {
  for (const f of ['dist/apps/api/main.js', 'dist/apps/api/cli.js', 'dist/apps/worker/main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run "npm run build" first (npm test does it)`);
  }
  const { pgBase, redisUrl } = baseUrls();
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const env: TestEnv = {
    databaseUrl: `${pgBase}/leadboard_test_${suffix}`,
    redisUrl,
    redisPrefix: `lbtest-${suffix}`,
  };
  // The operator CLI, as a user would run it (global setup cannot use the path aliases).
  for (const command of ['db:create', 'db:migrate']) {
    execFileSync(process.execPath, ['dist/apps/api/cli.js', command], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: env.databaseUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }
  process.env[ENV_VAR] = JSON.stringify(env);
}
