/**
 * One row of a list file → one `lead.created` event, or the reason it is rejected. A row needs a
 * valid phone number or an e-mail address; everything else it holds is kept (unknown columns, and
 * values that did not parse, go into the lead's attributes).
 */
import { validateEvent, type ImportRowError, type LeadCreatedEvent, type LeadSource } from '@leadboard/contracts';
import { normaliseEmail, normalisePhone, type PhoneResult } from './contact-values';
import type { ImportColumn, ImportPlan } from './import-layout';
import { unnamedColumn } from './import-layout';

export interface ImportRowContext {
  tenantId: string;
  campaignId: string;
  source: LeadSource;
  /** SHA-256 of the whole file, hex. */
  fileSha256: string;
  /** When the list was uploaded: every row's `occurredAt`, the same on a resumed run. */
  occurredAt: string;
  /** ISO 3166 country of numbers written without their country code (the tenant's, `IT` by default). */
  defaultCountry: string;
  /** SHA-256 of a text, hex (injected: this module stays free of Node's crypto). */
  sha256Hex: (text: string) => string;
}

export type ImportRowResult = { ok: true; event: LeadCreatedEvent } | { ok: false; error: ImportRowError };

/** The id of a row's event: the same file gives the same ids, so uploading it again changes nothing. */
export function importEventId(fileSha256: string, row: number): string {
  return `csv:${fileSha256}:${row}`;
}

/**
 * A lead id for a row without one: `csv-` + 16 hex digits of SHA-256(tenant id, phone, else
 * e-mail), so the same person in two files is the same lead, and the id reveals neither.
 */
export function derivedLeadId(tenantId: string, contact: { phone: string | null; email: string | null }, sha256Hex: (text: string) => string): string {
  const key = contact.phone ?? contact.email ?? '';
  return `csv-${sha256Hex(`${tenantId}\n${key}`).slice(0, 16)}`;
}

function cellOf(cells: readonly string[], column: ImportColumn): string {
  return (cells[column.index] ?? '').trim();
}

const NO_COLUMNS: readonly ImportColumn[] = [];
const GROUPS = new WeakMap<ImportPlan, Map<ImportColumn['field'] | 'anyPhone', ImportColumn[]>>();

/** The plan's columns per field, computed once per plan (a file has a million rows, one plan). */
function columnsByField(plan: ImportPlan): Map<ImportColumn['field'] | 'anyPhone', ImportColumn[]> {
  let groups = GROUPS.get(plan);
  if (!groups) {
    groups = new Map();
    for (const c of plan.columns) groups.set(c.field, [...(groups.get(c.field) ?? []), c]);
    groups.set('anyPhone', [...(groups.get('phone') ?? []), ...(groups.get('altPhone') ?? [])]);
    GROUPS.set(plan, groups);
  }
  return groups;
}

/** Builds a row's event; `row` is its line number in the file (the header is line 1). */
export function buildLeadImportRow(cells: readonly string[], row: number, plan: ImportPlan, ctx: ImportRowContext): ImportRowResult {
  const attributes: Record<string, string> = {};
  const groups = columnsByField(plan);
  const byField = (field: ImportColumn['field'] | 'anyPhone') => groups.get(field) ?? NO_COLUMNS;
  const first = (field: ImportColumn['field']) => {
    for (const c of byField(field)) {
      const v = cellOf(cells, c);
      if (v !== '') return v;
    }
    return '';
  };

  for (const column of plan.columns) {
    const value = cellOf(cells, column);
    if (value === '') continue;
    if (column.field === null) attributes[column.name] = value;
  }
  for (let i = plan.columns.length; i < cells.length; i++) {
    const value = cells[i].trim();
    if (value !== '') attributes[unnamedColumn(i)] = value;
  }

  const callingCode = first('phoneCode') || null;
  let phone: string | null = null;
  let badPhoneColumn: ImportColumn | null = null;
  for (const column of byField('anyPhone')) {
    const value = cellOf(cells, column);
    if (value === '') continue;
    const result: PhoneResult | null = phone === null ? normalisePhone(value, ctx.defaultCountry, callingCode) : null;
    if (result?.ok) {
      phone = result.e164;
      continue;
    }
    if (result && result.reason === 'invalid') badPhoneColumn ??= column;
    // A second number, or one that did not parse, is kept as it was written.
    attributes[column.name] = value;
  }

  let email: string | null = null;
  for (const column of byField('email')) {
    const value = cellOf(cells, column);
    if (value === '') continue;
    const normalised: string | null = email === null ? normaliseEmail(value) : null;
    if (normalised) email = normalised;
    else attributes[column.name] = value;
  }

  if (phone === null && email === null) {
    const badEmailColumn = byField('email').find((c) => cellOf(cells, c) !== '') ?? null;
    const phoneProblem = badPhoneColumn
      ? `not a valid phone number (numbers without a country code are read as ${ctx.defaultCountry})`
      : 'no phone number';
    const emailProblem = badEmailColumn ? 'not a valid e-mail address' : 'no e-mail address';
    const column = badPhoneColumn ?? badEmailColumn ?? byField('phone')[0] ?? null;
    return { ok: false, error: { row, column: column?.name ?? null, message: `${phoneProblem}, and ${emailProblem}` } };
  }

  // The company makes the lead one of a B2B account's; a VAT number without a name names nothing readable.
  const companyName = first('company');
  const vatId = first('vatId');
  if (!companyName && vatId) attributes['vatId'] = vatId;
  const fullName = [first('firstName'), first('lastName')].filter((v) => v !== '').join(' ') || first('fullName');
  const leadId = first('leadId') || derivedLeadId(ctx.tenantId, { phone, email }, ctx.sha256Hex);
  const candidate = {
    eventId: importEventId(ctx.fileSha256, row),
    type: 'lead.created',
    occurredAt: ctx.occurredAt,
    campaignId: ctx.campaignId,
    leadId,
    lead: {
      source: ctx.source,
      name: fullName || null,
      phone,
      email,
      attributes: Object.keys(attributes).length > 0 ? attributes : null,
      ...(companyName ? { company: { name: companyName, vatId: vatId || null } } : {}),
    },
  };
  const { event, errors } = validateEvent(candidate, 0);
  if (!event) {
    const e = errors[0];
    const column = e?.path === 'leadId' ? (byField('leadId')[0]?.name ?? null) : e?.path === 'lead.name' ? (byField('firstName')[0] ?? byField('fullName')[0])?.name ?? null : null;
    return { ok: false, error: { row, column, message: errors.map((x) => `${x.path}: ${x.message}`).join('; ') } };
  }
  return { ok: true, event: event as LeadCreatedEvent };
}
