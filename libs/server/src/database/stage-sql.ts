/**
 * The closed stages (libs/contracts, the one list) written into SQL as a literal list rather than a
 * parameter: the partial indexes on callbacks (`leads_callbacks_owned_due`, `leads_callbacks_in_pool`)
 * have `stage NOT IN ('customer', 'lost', 'dnc')` in their predicate, and PostgreSQL uses a partial
 * index only when it can prove the query's condition implies it — which it cannot do with `$n`.
 * Where no index depends on it, SQL takes the list as a parameter (`stage = ANY($n)`).
 */
import { CLOSED_STAGES, OPEN_STAGES } from '@leadboard/contracts';

const sqlList = (values: readonly string[]): string => {
  for (const v of values) if (!/^[a-z_]+$/.test(v)) throw new Error(`not a stage name: ${v}`);
  return `(${values.map((v) => `'${v}'`).join(', ')})`;
};

/** `('customer', 'lost', 'dnc')` */
export const CLOSED_STAGES_SQL = sqlList(CLOSED_STAGES);
/** `('new', 'contacted', 'prospect', 'opportunity', 'nurturing')` */
export const OPEN_STAGES_SQL = sqlList(OPEN_STAGES);
