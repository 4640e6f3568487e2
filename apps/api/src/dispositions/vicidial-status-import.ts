/**
 * Reads an export of VICIdial's `vicidial_campaign_statuses` (or `vicidial_statuses`): a JSON array
 * (or `{rows: [...]}`) of objects, or CSV with a header line (comma, semicolon or tab separated).
 * Every row is checked with the contract's schema; a bad row is named by its position.
 */
import { MAX_IMPORT_STATUS_ROWS, vicidialStatusRowSchema, type VicidialStatusRow } from '@leadboard/contracts';
import { parse } from 'csv-parse/sync';

export interface ImportRowError {
  row: number;
  path: string;
  message: string;
}

export type StatusRowsReading = { ok: true; rows: VicidialStatusRow[] } | { ok: false; errors: ImportRowError[] };

function delimiterOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0][0];
}

export function csvStatusRows(text: string): unknown[] {
  return parse(text, {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
  }) as unknown[];
}

export function readStatusRows(raw: unknown): StatusRowsReading {
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null && Array.isArray((raw as { rows?: unknown }).rows) ? (raw as { rows: unknown[] }).rows : null;
  if (!list) return { ok: false, errors: [{ row: -1, path: '', message: 'must be a JSON array of status rows, {"rows": [...]}, or CSV with a header line' }] };
  if (list.length === 0 || list.length > MAX_IMPORT_STATUS_ROWS) {
    return { ok: false, errors: [{ row: -1, path: '', message: `must hold 1 to ${MAX_IMPORT_STATUS_ROWS} status rows` }] };
  }
  const rows: VicidialStatusRow[] = [];
  const errors: ImportRowError[] = [];
  list.forEach((item, row) => {
    const r = vicidialStatusRowSchema.safeParse(item);
    if (r.success) rows.push(r.data);
    else for (const issue of r.error.issues) errors.push({ row, path: issue.path.join('.'), message: issue.message });
  });
  return errors.length ? { ok: false, errors: errors.slice(0, 100) } : { ok: true, rows };
}
