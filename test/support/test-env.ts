/** Where the system tests' own database and Redis prefix live; shared by setup, stacks and teardown. */
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

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

/** Global setup puts the run's settings here; jest's test workers inherit the environment, so two runs never share them. */
export const ENV_VAR = 'LEADBOARD_SYSTEM_TEST_ENV';

export function testEnv(): TestEnv {
  const fromEnv = process.env[ENV_VAR];
  if (!fromEnv) throw new Error(`${ENV_VAR} is not set: run the system tests through jest -c test/jest.config.cts`);
  return JSON.parse(fromEnv) as TestEnv;
}
