/**
 * A migrated PostgreSQL database of a test file's own, dropped afterwards: integration tests run
 * against the real server of the machine (TEST_PG_URL, default the local trust-auth one).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations } from '../database/data-source';

export interface TestDatabase {
  url: string;
  ds: DataSource;
  /** A new tenant row (as the owner); answers its id. */
  newTenant(name?: string): Promise<string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const base = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const name = `leadboard_it_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const url = `${base}/${name}`;
  await ensureDatabase(url);
  await runMigrations({ databaseUrl: url });
  const ds = new DataSource(dataSourceOptions({ databaseUrl: url }, 8));
  await ds.initialize();
  return {
    url,
    ds,
    async newTenant(tenantName = 'it') {
      const id = randomUUID();
      await ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [id, tenantName]);
      return id;
    },
    async drop() {
      await ds.destroy();
      const admin = new DataSource({ type: 'postgres', url: `${base}/postgres`, extra: { max: 1 } });
      await admin.initialize();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
