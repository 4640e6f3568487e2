/**
 * How a list file's columns feed a lead: a header row matched in it/fr/en, VICIdial's headerless
 * standard layout, or, for any other headerless file, columns recognised by what they hold
 * (phone numbers, e-mail addresses). The caller's `mapping` then overrides column by column.
 */
import type { ImportField, ImportLayout, ImportMapping } from '@leadboard/contracts';
import { looksLikeEmail, looksLikePhone } from './contact-values';
import { foldHeader, matchHeader } from './header-matching';
import { VICIDIAL_COLUMN_FIELDS, VICIDIAL_LIST_COLUMNS, looksLikeVicidialList } from './vicidial-list-layout';

export interface ImportColumn {
  index: number;
  /** The header text; null for a file without a header row. */
  header: string | null;
  /** The key of the column's value in the lead's attributes: the header, the VICIdial name, or `column_<n>`. */
  name: string;
  /** null: the column goes into the attributes. */
  field: ImportField | null;
}

export interface ImportPlan {
  layout: ImportLayout;
  hasHeader: boolean;
  columns: ImportColumn[];
}

/** How many first records (header included) the layout is judged on, by the preview and the import alike. */
export const LAYOUT_SAMPLE_RECORDS = 50;

/** A column's share of phone- or e-mail-like values that makes it the phone or e-mail column. */
const CONTENT_SHARE = 0.6;

/** The name of a column that has no header (1-based, as spreadsheets count). */
export function unnamedColumn(index: number): string {
  return `column_${index + 1}`;
}

function share(rows: readonly (readonly string[])[], index: number, test: (v: string) => boolean): number {
  const values = rows.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
  return values.length === 0 ? 0 : values.filter(test).length / values.length;
}

/** Gives the phone and e-mail fields to the first unmapped columns whose values look like them, when no column has them yet. */
function recogniseByContent(columns: ImportColumn[], rows: readonly (readonly string[])[]): void {
  for (const [field, test] of [
    ['email', looksLikeEmail],
    ['phone', looksLikePhone],
  ] as const) {
    if (columns.some((c) => c.field === field)) continue;
    const found = columns.find((c) => c.field === null && share(rows, c.index, test) >= CONTENT_SHARE);
    if (found) found.field = field;
  }
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
}

function widest(rows: readonly (readonly string[])[]): number {
  return rows.reduce((max, r) => Math.max(max, r.length), 0);
}

/**
 * The layout of a file from its first records (header included). The first record is a header
 * when one of its cells is a known header word, or when it holds no phone or e-mail while the
 * records below do.
 */
export function detectLayout(records: readonly (readonly string[])[]): ImportPlan {
  if (records.length === 0) return { layout: 'headers', hasHeader: false, columns: [] };
  const [first, ...rest] = records;
  const matched = first.map((cell) => matchHeader(cell));
  if (matched.some((f) => f !== null)) {
    const names = uniqueNames(first.map((h, i) => h.trim() || unnamedColumn(i)));
    const columns: ImportColumn[] = first.map((h, index) => ({ index, header: h.trim(), name: names[index], field: matched[index] }));
    recogniseByContent(columns, rest);
    return { layout: 'headers', hasHeader: true, columns };
  }
  if (looksLikeVicidialList(records)) {
    const columns = Array.from({ length: widest(records) }, (_, index): ImportColumn => {
      const name = VICIDIAL_LIST_COLUMNS[index] ?? unnamedColumn(index);
      return { index, header: null, name, field: VICIDIAL_COLUMN_FIELDS[name as keyof typeof VICIDIAL_COLUMN_FIELDS] ?? null };
    });
    return { layout: 'vicidial', hasHeader: false, columns };
  }
  const blank = (n: number): ImportColumn[] => Array.from({ length: n }, (_, index) => ({ index, header: null, name: unnamedColumn(index), field: null }));
  // Contact columns are judged on the records below the first, which may be a header in words we do not know.
  const below = blank(widest(records));
  recogniseByContent(below, rest.length > 0 ? rest : records);
  const found = below.filter((c) => c.field !== null);
  const firstIsData = found.some((c) => (c.field === 'email' ? looksLikeEmail : looksLikePhone)(first[c.index] ?? ''));
  if (!firstIsData && found.length > 0 && rest.length > 0) {
    const names = uniqueNames(first.map((h, i) => h.trim() || unnamedColumn(i)));
    const columns: ImportColumn[] = below.map((c) => ({ ...c, header: (first[c.index] ?? '').trim(), name: names[c.index] ?? c.name }));
    return { layout: 'headers', hasHeader: true, columns };
  }
  const columns = blank(widest(records));
  recogniseByContent(columns, records);
  return { layout: 'headers', hasHeader: false, columns };
}

/**
 * Applies the caller's mapping: keys are a column's 0-based index, its header (compared folded) or
 * its attribute name (`column_3`, VICIdial's `phone_number`); unknown keys are reported.
 */
export function applyMapping(plan: ImportPlan, mapping: ImportMapping | undefined): { plan: ImportPlan; unknownKeys: string[] } {
  if (!mapping) return { plan, unknownKeys: [] };
  const columns = plan.columns.map((c) => ({ ...c }));
  const unknownKeys: string[] = [];
  for (const [key, field] of Object.entries(mapping)) {
    const folded = foldHeader(key);
    const column = /^\d+$/.test(key)
      ? columns.find((c) => c.index === Number(key))
      : (columns.find((c) => c.header !== null && c.header === key) ??
        columns.find((c) => c.name === key) ??
        columns.find((c) => c.header !== null && foldHeader(c.header) === folded));
    if (column) column.field = field;
    else unknownKeys.push(key);
  }
  return { plan: { ...plan, columns }, unknownKeys };
}
