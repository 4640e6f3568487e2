/**
 * Ingest events: one zod schema per event type. The schemas drive both the API's validation
 * and the TypeScript types every app uses (contract.md, "Ingest").
 */
import { z } from 'zod';
import { LEAD_SOURCES, OPERATOR_STATES, SENIORITIES, type LeadSource } from './dispositions';

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const ISO_DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})T/;

/** True when the calendar date of an ISO-8601 string exists (rejects 2026-02-30). */
function isRealDate(value: string): boolean {
  const m = ISO_DATE_PREFIX.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** C0 and C1 control characters and DEL: never part of an id (a NUL cannot even be stored by PostgreSQL). */
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F-\u009F]/;

export const idSchema = z
  .string({ error: 'must be a string of 1 to 128 characters' })
  .min(1, { error: 'must be a string of 1 to 128 characters' })
  .max(128, { error: 'must be a string of 1 to 128 characters' })
  .refine((v) => !CONTROL_CHARACTER.test(v), { error: 'must not contain control characters' });

/**
 * Free text (names, notes, attribute values) may hold tabs and new lines, but never NUL: PostgreSQL
 * refuses it in text and jsonb, so one NUL would fail the whole batch in the worker after the 202.
 */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}
const noNul = { error: 'must not contain NUL characters' } as const;
const freeText = (max: number) => z.string().max(max).refine((v) => !hasNul(v), noNul);

// Built once: constructing it inside the refinement cost more than the rest of an event's validation.
const isoDateTimeWithZone = z.iso.datetime({ offset: true });

export const instantSchema = z.string({ error: 'must be an ISO-8601 date-time with a zone' }).superRefine((v, ctx) => {
  if (!isoDateTimeWithZone.safeParse(v).success) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date-time with a zone, e.g. 2026-11-23T09:15:02Z' });
  } else if (!isRealDate(v)) {
    ctx.addIssue({ code: 'custom', message: 'is not a real calendar date' });
  }
});

const secondsSchema = z
  .number({ error: 'must be an integer >= 0' })
  .int({ error: 'must be an integer >= 0' })
  .min(0, { error: 'must be an integer >= 0' });

const leadSourceSchema = z
  .string()
  .max(64)
  .refine((v) => !hasNul(v), noNul)
  .transform((v): LeadSource => ((LEAD_SOURCES as readonly string[]).includes(v) ? (v as LeadSource) : 'other'));

export const qualificationSchema = z.object({
  need: z.boolean().nullish(),
  budget: z.boolean().nullish(),
  authority: z.boolean().nullish(),
  timeline: z.boolean().nullish(),
});

/**
 * Details of the person a dialer knows at call time (VICIdial's URL fields). On a `call.outcome`
 * they only fill what the lead is missing: they never overwrite a known value, nor the lead's source.
 */
export const callLeadDetailsSchema = z.object({
  name: z.string().max(256).nullish(),
  phone: z.string().max(64).nullish(),
  email: z.string().max(256).nullish(),
  attributes: z.record(z.string(), z.unknown()).nullish(),
});
export type CallLeadDetails = z.output<typeof callLeadDetailsSchema>;

/**
 * The company a B2B lead works for (contract.md, "accounts"). It makes the lead one of an account's
 * leads; the account is identified by `id`, else the VAT number, else the name (docs/DOMAIN.md).
 * A company name is not personal data: wall screens may show it.
 */
export const leadCompanySchema = z
  .object({
    id: idSchema.nullish(),
    name: freeText(256).refine((v) => v.trim().length > 0, { error: 'must not be empty' }),
    vatId: freeText(64).nullish(),
    sector: freeText(128).nullish(),
    employees: z.number().int().min(0).nullish(),
    revenue: z.number().min(0).nullish(),
  })
  .meta({ id: 'LeadCompany' });
export type LeadCompany = z.output<typeof leadCompanySchema>;

export const leadCreatedSchema = z.object({
  eventId: idSchema,
  type: z.literal('lead.created'),
  occurredAt: instantSchema,
  campaignId: idSchema,
  leadId: idSchema,
  lead: z
    .object({
      source: leadSourceSchema.default('other'),
      name: freeText(256).nullish(),
      phone: freeText(64).nullish(),
      email: freeText(256).nullish(),
      attributes: z.record(z.string(), z.unknown()).refine((v) => !hasNul(v), noNul).nullish(),
      company: leadCompanySchema.nullish(),
    })
    .default({ source: 'other' }),
}).meta({ id: 'LeadCreatedEvent' });

export const callOutcomeSchema = z.object({
  eventId: idSchema,
  type: z.literal('call.outcome'),
  occurredAt: instantSchema,
  campaignId: idSchema,
  leadId: idSchema,
  /** Optional: a dialer's no-agent call (e.g. VICIdial's NA/DROP) has no operator. */
  operatorId: idSchema.nullish(),
  disposition: z
    .string({ error: 'must be a non-empty string (a canonical disposition or a dialer code)' })
    .trim()
    .min(1, { error: 'must be a non-empty string (a canonical disposition or a dialer code)' })
    .max(64, { error: 'must be at most 64 characters' })
    .refine((v) => !hasNul(v), noNul),
  talkSeconds: secondsSchema.default(0),
  wrapSeconds: secondsSchema.default(0),
  qualification: qualificationSchema.nullish(),
  callbackAt: instantSchema.nullish(),
  notes: freeText(4000).nullish(),
  lead: callLeadDetailsSchema.nullish(),
}).meta({ id: 'CallOutcomeEvent' });

export const operatorStateSchema = z.object({
  eventId: idSchema,
  type: z.literal('operator.state'),
  occurredAt: instantSchema,
  operatorId: idSchema,
  state: z.enum(OPERATOR_STATES, { error: `must be one of ${OPERATOR_STATES.join(', ')}` }),
  campaignId: idSchema.nullish(),
  /** Optional operator details, applied when the operator is first seen (an admin may edit them later). */
  operator: z
    .object({ name: freeText(128).nullish(), seniority: z.enum(SENIORITIES).nullish() })
    .nullish(),
}).meta({ id: 'OperatorStateEvent' });

export const EVENT_TYPES = ['lead.created', 'call.outcome', 'operator.state'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const eventSchemas = {
  'lead.created': leadCreatedSchema,
  'call.outcome': callOutcomeSchema,
  'operator.state': operatorStateSchema,
} as const;

/** One event of any type (its `type` picks the schema). */
export const ingestEventSchema = z.discriminatedUnion('type', [leadCreatedSchema, callOutcomeSchema, operatorStateSchema]).meta({ id: 'IngestEvent' });

/**
 * The ingest body: one event, or `{ events }` with 1 to 1,000. It documents the request (OpenAPI);
 * validateIngestBody applies the same event schemas one event at a time, so that a refusal names
 * each bad event by its index.
 */
export const ingestRequestSchema = z
  .union([ingestEventSchema, z.object({ events: z.array(ingestEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) })])
  .meta({ id: 'IngestRequest' });

export type LeadCreatedEvent = z.output<typeof leadCreatedSchema>;
export type CallOutcomeEvent = z.output<typeof callOutcomeSchema>;
export type OperatorStateEvent = z.output<typeof operatorStateSchema>;
export type IngestEvent = LeadCreatedEvent | CallOutcomeEvent | OperatorStateEvent;
/** What an integrator may send (before defaults are filled in). */
export type IngestEventInput =
  | z.input<typeof leadCreatedSchema>
  | z.input<typeof callOutcomeSchema>
  | z.input<typeof operatorStateSchema>;

export interface IngestError {
  index: number;
  path: string;
  message: string;
}

export type IngestValidation = { ok: true; events: IngestEvent[] } | { ok: false; errors: IngestError[] };

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates one event; `index` is its position in the request (0 for a single event). */
export function validateEvent(raw: unknown, index: number): { event?: IngestEvent; errors: IngestError[] } {
  if (!isRecord(raw)) return { errors: [{ index, path: '', message: 'must be a JSON object' }] };
  const type = raw['type'];
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    return { errors: [{ index, path: 'type', message: `must be one of ${EVENT_TYPES.join(', ')}` }] };
  }
  const result = eventSchemas[type as EventType].safeParse(raw);
  if (result.success) return { event: result.data as IngestEvent, errors: [] };
  return {
    errors: result.error.issues.map((issue) => ({
      index,
      path: pathOf(issue.path),
      message: issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined ? 'is required' : issue.message,
    })),
  };
}

/**
 * Validates an ingest body: one event, or `{ events: [...] }` with 1 to 1,000 events.
 * Every bad event is reported (by index and path); on any error nothing of the request may be queued.
 */
export function validateIngestBody(body: unknown): IngestValidation {
  const isBatch = isRecord(body) && 'events' in body && !('type' in body);
  if (!isBatch) {
    const { event, errors } = validateEvent(body, 0);
    return event ? { ok: true, events: [event] } : { ok: false, errors };
  }
  const list = (body as { events: unknown }).events;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_EVENTS_PER_REQUEST) {
    return {
      ok: false,
      errors: [{ index: -1, path: 'events', message: `must be an array of 1 to ${MAX_EVENTS_PER_REQUEST} events` }],
    };
  }
  const events: IngestEvent[] = [];
  const errors: IngestError[] = [];
  list.forEach((raw, index) => {
    const r = validateEvent(raw, index);
    if (r.event) events.push(r.event);
    errors.push(...r.errors);
  });
  return errors.length ? { ok: false, errors } : { ok: true, events };
}
