import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { testEnv } from './test-env';

/** Drops the run's database and deletes every Redis key under the run's prefix. */
export default async function globalTeardown(): Promise<void> {
  const env = testEnv();
  const url = new URL(env.databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: url.toString(), extra: { max: 1 } });
  await ds.initialize();
  await ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await ds.destroy();

  const redis = new IORedis(env.redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.redisPrefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
