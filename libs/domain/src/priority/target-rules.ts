/**
 * A campaign's target (domain page, "Who to call first"): rules on the lead's attributes and company, each
 * worth its weight when the lead meets it. Values come from forms, CSV lists and CRMs, so comparisons forgive
 * case, accents, surrounding blanks and numbers written as text ("50", "1,5"); a field the lead lacks never
 * matches.
 */
import type { TargetRuleOp } from '@leadboard/contracts';

export type TargetScalar = string | number | boolean;

export interface TargetRule {
  field: string;
  op: TargetRuleOp;
  value: TargetScalar | TargetScalar[];
  weight: number;
}

/** What a rule can read about a lead. */
export interface TargetFacts {
  source: string | null;
  attributes: Readonly<Record<string, unknown>> | null;
  /** The lead's company when the lead named one (`lead.company`); absent or null otherwise. */
  company?: Readonly<Record<string, unknown>> | null;
}

/** Lower case, no accents, trimmed: "  Immédiat " and "immediat" are the same answer. */
export function normalizeText(v: string): string {
  return v.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

function own(obj: Readonly<Record<string, unknown>> | null | undefined, key: string): unknown {
  if (!obj) return undefined;
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
  // Column headers arrive as "Sector" or "SECTOR" as often as "sector".
  const wanted = key.toLowerCase();
  const found = Object.keys(obj).find((k) => k.toLowerCase() === wanted);
  return found === undefined ? undefined : obj[found];
}

/**
 * `source`; `company.<key>` from the lead's company, else the attribute `company_<key>` (what Meta forms and
 * CSV lists carry today); `attributes.<key>` or a bare `<key>` from the attributes.
 */
export function targetFieldValue(facts: TargetFacts, field: string): unknown {
  const f = field.trim();
  if (f === 'source') return facts.source ?? undefined;
  if (f.startsWith('company.')) {
    const key = f.slice('company.'.length);
    const fromCompany = own(facts.company, key);
    return fromCompany !== undefined && fromCompany !== null ? fromCompany : own(facts.attributes, `company_${key}`);
  }
  return own(facts.attributes, f.startsWith('attributes.') ? f.slice('attributes.'.length) : f);
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const text = v.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

const TRUE_WORDS = new Set(['true', 'yes', 'si', 'oui', '1', 'y']);
const FALSE_WORDS = new Set(['false', 'no', 'non', '0', 'n']);

function asBoolean(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v !== 'string') return null;
  const t = normalizeText(v);
  return TRUE_WORDS.has(t) ? true : FALSE_WORDS.has(t) ? false : null;
}

function equals(actual: unknown, expected: TargetScalar): boolean {
  if (Array.isArray(actual)) return actual.some((a) => equals(a, expected));
  if (actual === undefined || actual === null) return false;
  if (typeof expected === 'number') return asNumber(actual) === expected;
  if (typeof expected === 'boolean') return asBoolean(actual) === expected;
  if (typeof actual === 'object') return false;
  return normalizeText(String(actual)) === normalizeText(expected);
}

function contains(actual: unknown, expected: TargetScalar): boolean {
  if (Array.isArray(actual)) return actual.some((a) => contains(a, expected));
  if (actual === undefined || actual === null || typeof actual === 'object') return false;
  const needle = normalizeText(String(expected));
  return needle !== '' && normalizeText(String(actual)).includes(needle);
}

export function meetsRule(facts: TargetFacts, rule: TargetRule): boolean {
  const actual = targetFieldValue(facts, rule.field);
  if (actual === undefined || actual === null) return false;
  const values: readonly TargetScalar[] = Array.isArray(rule.value) ? rule.value : [rule.value as TargetScalar];
  switch (rule.op) {
    case 'eq':
    case 'in':
      return values.some((v) => equals(actual, v));
    case 'contains':
      return values.some((v) => contains(actual, v));
    case 'gte':
    case 'lte': {
      const n = asNumber(actual);
      const line = asNumber(values[0]);
      if (n === null || line === null) return false;
      return rule.op === 'gte' ? n >= line : n <= line;
    }
  }
}

/** The points a lead scores on the target: the weights of the rules it meets, never more than `max`. */
export function targetScore(facts: TargetFacts, rules: readonly TargetRule[], max: number): { points: number; matched: number } {
  let points = 0;
  let matched = 0;
  for (const r of rules) {
    if (!meetsRule(facts, r)) continue;
    matched += 1;
    points += Math.max(0, Math.floor(r.weight));
  }
  return { points: Math.min(points, max), matched };
}
