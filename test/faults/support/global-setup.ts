import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../support/test-env';
import { RUN_VAR } from './fault-env';

export default async function globalSetup(): Promise<void> {
  for (const f of ['dist/apps/api/main.js', 'dist/apps/api/cli.js', 'dist/apps/worker/main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run "npm run build" first (npm test does it)`);
  }
  process.env[RUN_VAR] = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
