import { DataSource } from 'typeorm';
import { RUN_VAR, faultServerUrl } from './fault-env';

/** Drops whatever database of this run a scenario could not drop itself (a crash, a timeout). */
export default async function globalTeardown(): Promise<void> {
  const run = process.env[RUN_VAR];
  if (!run) return;
  const ds = new DataSource({ type: 'postgres', url: faultServerUrl(), extra: { max: 1 } });
  await ds.initialize();
  try {
    const rows = (await ds.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`leadboard_fault_${run}_%`])) as { datname: string }[];
    for (const { datname } of rows) await ds.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await ds.destroy();
  }
}
