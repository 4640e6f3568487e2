/**
 * The rule editor's draft: rows as typed (the value as text) and the rules they make. Pure, so the
 * conversions are tested without a browser: "in" splits on commas, gte/lte read numbers ("1,5" too).
 */
import { TARGET_MAX_POINTS, type TargetRuleOp } from '@leadboard/contracts';
import type { TargetRuleInput } from '@leadboard/contracts';

export interface DraftRow {
  field: string;
  op: TargetRuleOp;
  value: string;
  weight: number;
}

export function rowOf(rule: TargetRuleInput): DraftRow {
  const value = Array.isArray(rule.value) ? rule.value.join(', ') : String(rule.value);
  return { field: rule.field, op: rule.op, value, weight: rule.weight };
}

export function ruleOf(row: DraftRow): TargetRuleInput | null {
  const field = row.field.trim();
  const text = row.value.trim();
  if (!field || !text || !Number.isInteger(row.weight) || row.weight < 1) return null;
  if (row.op === 'in') {
    const values = text.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    return values.length ? { field, op: row.op, value: values, weight: row.weight } : null;
  }
  if (row.op === 'gte' || row.op === 'lte') {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) ? { field, op: row.op, value: n, weight: row.weight } : null;
  }
  return { field, op: row.op, value: text, weight: row.weight };
}

export function draftTotal(rows: readonly DraftRow[]): number {
  return rows.reduce((sum, r) => sum + (Number.isFinite(r.weight) ? r.weight : 0), 0);
}

/** The rules to save or preview; null while a row is incomplete or the weights pass the maximum. */
export function draftRules(rows: readonly DraftRow[]): TargetRuleInput[] | null {
  if (draftTotal(rows) > TARGET_MAX_POINTS) return null;
  const rules = rows.map(ruleOf);
  return rules.every((r): r is TargetRuleInput => r !== null) ? rules : null;
}
