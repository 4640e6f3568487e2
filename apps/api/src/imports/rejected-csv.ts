/**
 * rejected.csv: the rows an import refused, as they were, plus the row number and the reason, in
 * the file's own delimiter, UTF-8 with a BOM (so Excel reads the accents right). Fix them and
 * upload this file again: its two extra columns are kept as attributes.
 */
import type { ImportDelimiter } from '@leadboard/contracts';
import type { RejectedRow } from '@leadboard/server';

export const UTF8_BOM = '\uFEFF';
export const REJECTED_COLUMNS = ['rejected_row', 'rejected_reason'] as const;

export function csvField(value: string, delimiter: string): string {
  const needsQuotes = value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r') || value !== value.trim();
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[], delimiter: string): string {
  return `${values.map((v) => csvField(v, delimiter)).join(delimiter)}\r\n`;
}

export function rejectedHeaderLine(header: readonly string[] | null, delimiter: ImportDelimiter): string {
  return header ? csvLine([...header, ...REJECTED_COLUMNS], delimiter) : '';
}

export function rejectedRowLine(r: RejectedRow, width: number, delimiter: ImportDelimiter): string {
  // Short rows are padded so the row and reason columns line up under their header.
  const cells = r.cells.length >= width ? r.cells : [...r.cells, ...Array<string>(width - r.cells.length).fill('')];
  return csvLine([...cells, String(r.row), r.column ? `${r.column}: ${r.message}` : r.message], delimiter);
}
