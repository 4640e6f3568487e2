/**
 * The connections' session settings, against the real PostgreSQL: the processes' (as the app role) and the
 * owner's (migrations, CLI, tests) both run without JIT compilation, whatever the server's default.
 */
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { appDataSourceOptions } from './data-source';

let db: TestDatabase;
let app: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('data_source');
  app = await new DataSource(appDataSourceOptions({ databaseUrl: db.url }, 1)).initialize();
});

afterAll(async () => {
  await app?.destroy();
  await db?.drop();
});

it('runs every connection without JIT compilation, as the app role for the processes', async () => {
  const [processes] = (await app.query(`SELECT current_setting('jit') AS jit, current_user AS role`)) as { jit: string; role: string }[];
  const [owner] = (await db.ds.query(`SELECT current_setting('jit') AS jit`)) as { jit: string }[];
  expect({ processes, owner: owner.jit }).toEqual({ processes: { jit: 'off', role: 'leadboard_app' }, owner: 'off' });
});
