/**
 * Pure helpers of "who made it happen" (console panel) and the wall's leaderboard: sorting the rows,
 * the bars' widths, and the leaderboard's split into qualifiers (juniors) and closers (seniors).
 */
import type { OperatorContribution } from '@leadboard/contracts';

export const SORT_KEYS = ['contacts', 'qualified', 'opportunities', 'closed', 'rate'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** A junior's qualification rate, a senior's close rate: the one rate that fits the operator. */
export function rateOf(row: OperatorContribution): number | null {
  return row.seniority === 'junior' ? row.qualificationRate : row.closeRate;
}

function value(row: OperatorContribution, key: SortKey): number {
  if (key === 'rate') return rateOf(row) ?? -1;
  return row[key];
}

/** Highest first; ties keep the server's order (closed, qualified, contacts, id), so the sort is stable. */
export function sortRows(rows: readonly OperatorContribution[], key: SortKey, descending = true): OperatorContribution[] {
  const indexed = rows.map((row, i) => ({ row, i }));
  indexed.sort((a, b) => {
    const d = value(b.row, key) - value(a.row, key);
    return (descending ? d : -d) || a.i - b.i;
  });
  return indexed.map((x) => x.row);
}

/** Bar widths in percent of the largest value of the column (0 when all are 0). */
export function barWidths(rows: readonly OperatorContribution[], key: SortKey): number[] {
  const values = rows.map((r) => Math.max(0, value(r, key)));
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? Math.round((v / max) * 1000) / 10 : 0));
}

export interface Leaderboard {
  /** Juniors with contacts, best qualifiers first (qualified, then rate). */
  qualifiers: OperatorContribution[];
  /** Seniors with something owned or closed, best closers first (closed, then rate). */
  closers: OperatorContribution[];
}

/** The wall's two podiums, `size` rows each (the screen never scrolls). */
export function leaderboard(rows: readonly OperatorContribution[], size: number): Leaderboard {
  const by = (a: OperatorContribution, b: OperatorContribution, key: 'qualified' | 'closed') =>
    b[key] - a[key] || (rateOf(b) ?? -1) - (rateOf(a) ?? -1) || (a.operatorId < b.operatorId ? -1 : 1);
  return {
    qualifiers: rows.filter((r) => r.seniority === 'junior' && r.contacts > 0).sort((a, b) => by(a, b, 'qualified')).slice(0, size),
    closers: rows.filter((r) => r.seniority === 'senior' && (r.closed > 0 || r.prospectsOwned > 0)).sort((a, b) => by(a, b, 'closed')).slice(0, size),
  };
}
