/** Where the fault scenarios make their databases: one per scenario, named after the run, dropped after. */
import { baseUrls } from '../../support/test-env';

/** Set by the fault suite's global setup, inherited by jest's workers: two runs never share names. */
export const RUN_VAR = 'LEADBOARD_FAULT_RUN';

export const FAULT_DB_PREFIX = `leadboard_fault_${process.env[RUN_VAR] ?? 'adhoc'}_`;

/** The PostgreSQL server (its `postgres` database): TEST_PG_URL or the machine's. */
export function faultServerUrl(): string {
  return `${baseUrls().pgBase}/postgres`;
}
