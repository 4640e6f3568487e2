/** Where the system tests' own database and Redis prefix live; shared by setup, stacks and teardown. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const STATE_FILE = join(ROOT, 'tmp', 'system-test-env.json');

export interface TestEnv {
  databaseUrl: string;
  redisUrl: string;
  /** Every stack's QUEUE_PREFIX starts with this, so teardown can delete exactly our keys. */
  redisPrefix: string;
}

export function baseUrls(): { pgBase: string; redisUrl: string } {
  return {
    pgBase: process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432',
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  };
}

export const STATE_PATH = STATE_FILE;

export function testEnv(): TestEnv {
  if (!existsSync(STATE_FILE)) throw new Error(`${STATE_FILE} is missing: run the system tests through jest -c test/jest.config.cts`);
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestEnv;
}
