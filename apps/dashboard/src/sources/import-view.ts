/**
 * CSV imports in pure functions (unit-tested alone): the column mapping the user edits against the
 * one the server detected, how far an import has gone, the order of progress messages.
 */
import type { ImportField, ImportMapping, ImportPreview, ImportState, ImportSummary } from '@leadboard/contracts';

/** A column's field as chosen on screen; `null`: the column goes into the lead's attributes. */
export type ColumnField = ImportField | null;

/** What the server detected, one entry per column. */
export function detectedFields(preview: ImportPreview): ColumnField[] {
  return preview.columns.map((c) => c.field);
}

/** How a column is named in `mapping=`: its header when the file has one, else its 0-based index. */
export function columnKey(preview: ImportPreview, index: number): string {
  const header = preview.hasHeader ? preview.columns[index]?.header : null;
  return header ? header : String(index);
}

/**
 * The `mapping=` of the upload: only the columns whose field differs from the detected one (the
 * server detects the rest the same way again). A column cannot be sent back to "attributes" once a
 * field was detected for it: `ignore` is the way to drop it.
 */
export function mappingOverrides(preview: ImportPreview, fields: readonly ColumnField[]): ImportMapping {
  const out: ImportMapping = {};
  preview.columns.forEach((c, i) => {
    const chosen = fields[i] ?? null;
    if (chosen !== null && chosen !== c.field) out[columnKey(preview, i)] = chosen;
  });
  return out;
}

/**
 * About how many data rows a file has, from its first bytes: the lines of the sample scaled to the
 * whole size (exact when the sample is the whole file). Quoted line breaks make it an estimate,
 * which is all a progress bar needs.
 */
export function estimateRows(sample: string, sampleBytes: number, sizeBytes: number, hasHeader: boolean): number | null {
  if (sampleBytes <= 0 || sizeBytes <= 0) return null;
  const trimmed = sample.replace(/[\r\n]+$/, '');
  if (trimmed === '') return null;
  const lines = trimmed.split(/\r\n|\n|\r/).length;
  if (sampleBytes >= sizeBytes) return Math.max(0, lines - (hasHeader ? 1 : 0));
  // the sample's last line is usually cut: count whole lines only
  const whole = Math.max(1, lines - 1);
  return Math.max(1, Math.round((whole * sizeBytes) / sampleBytes) - (hasHeader ? 1 : 0));
}

export interface ImportProgress {
  /** 0–100; null while running with no estimate (an indeterminate bar). */
  percent: number | null;
  state: ImportState;
}

/** Done is 100 %; a running import is never shown finished before the server says so. */
export function importProgress(summary: Pick<ImportSummary, 'state' | 'rowsRead'>, estimatedRows: number | null): ImportProgress {
  switch (summary.state) {
    case 'queued':
      return { percent: 0, state: 'queued' };
    case 'done':
      return { percent: 100, state: 'done' };
    case 'failed':
      return { percent: null, state: 'failed' };
    default:
      if (!estimatedRows || estimatedRows <= 0) return { percent: null, state: 'running' };
      return { percent: Math.min(99, Math.floor((summary.rowsRead / estimatedRows) * 100)), state: 'running' };
  }
}

const STATE_RANK: Record<ImportState, number> = { queued: 0, running: 1, done: 2, failed: 2 };

/** True when `next` is not older than `known` (messages and reads may cross): state order, then rows read. */
export function isNewer(known: Pick<ImportSummary, 'state' | 'rowsRead'>, next: Pick<ImportSummary, 'state' | 'rowsRead'>): boolean {
  const a = STATE_RANK[known.state];
  const b = STATE_RANK[next.state];
  return b > a || (b === a && next.rowsRead >= known.rowsRead);
}

/** Rejected rows listed on the page; the rest are in rejected.csv. */
export const REJECTED_SHOWN = 20;

export const isActive = (s: Pick<ImportSummary, 'state'>) => s.state === 'queued' || s.state === 'running';
