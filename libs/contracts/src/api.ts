/**
 * Shapes of the REST read API and auth (contract.md, "Authentication" and "Read API"). Requests and
 * responses are zod schemas; the types are inferred from them, and the OpenAPI document is generated
 * from the same schemas.
 */
import { z } from 'zod';
import { idSchema } from './events';
import { priorityReasonSchema } from './priority';
import { countSchema, countsSchema, rateSchema, timestampSchema } from './shapes';
import { ACCOUNT_STAGES } from './stages';
import { dispositionSchema, funnelCountsSchema, leadSourceValueSchema, operatorStateValueSchema, roleSchema, senioritySchema, stageCountsSchema, stageSchema } from './vocabulary-schemas';

export const loginRequestSchema = z
  .object({
    email: z.string().trim().toLowerCase().email({ error: 'must be an e-mail address' }),
    password: z.string().min(1, { error: 'is required' }).max(256),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.output<typeof loginRequestSchema>;

export const loginResponseSchema = z
  .object({
    /** `Authorization: Bearer <accessToken>` on every later request. */
    accessToken: z.string(),
    expiresAt: timestampSchema,
    role: roleSchema,
    tenantId: z.string(),
  })
  .meta({ id: 'LoginResponse' });
export type LoginResponse = z.output<typeof loginResponseSchema>;

/** Who the dashboard is talking as: a logged-in user, or a read-only wall screen. */
export const whoAmISchema = z
  .object({
    kind: z.enum(['user', 'wall']),
    tenantId: z.string(),
    tenantName: z.string(),
    role: z.union([roleSchema, z.literal('wall')]),
    email: z.string().nullable(),
    campaignIds: z.array(z.string()).nullable(),
  })
  .meta({ id: 'WhoAmI' });
export type WhoAmI = z.output<typeof whoAmISchema>;

export const ingestAcceptedSchema = z
  .object({
    accepted: countSchema,
    /** Events already known at ingest time (best effort; the effect is exactly-once whatever it says). */
    duplicates: countSchema,
  })
  .meta({ id: 'IngestAccepted' });
export type IngestAccepted = z.output<typeof ingestAcceptedSchema>;

export const campaignSummarySchema = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    timeZone: z.string(),
    maxAttempts: z.number().int(),
    qualificationThreshold: z.number().int(),
    leads: countSchema,
  })
  .meta({ id: 'CampaignSummary' });
export type CampaignSummary = z.output<typeof campaignSummarySchema>;

export const conversionRatesSchema = z
  .object({
    /** contacted / new */
    contact: rateSchema,
    /** prospect / new */
    qualification: rateSchema,
    /** prospect / contacted */
    prospectPerContacted: rateSchema,
    /** customer / prospect */
    close: rateSchema,
  })
  .meta({ id: 'ConversionRates' });
export type ConversionRates = z.output<typeof conversionRatesSchema>;

export const WINDOW_NAMES = ['15m', '1h', 'today'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export const windowMetricsSchema = z
  .object({
    from: timestampSchema,
    to: timestampSchema,
    /** Stage transitions into each stage whose cause happened in the window. */
    transitions: stageCountsSchema,
    calls: countSchema,
    contacts: countSchema,
    dropped: countSchema,
    /** Average talk + wrap seconds of the window's calls with an operator. */
    ahtSeconds: z.number().nullable(),
    /** dropped / (contacts + dropped) */
    dropRate: rateSchema,
    /** transitions into prospect / contacts in the window */
    prospectPerContacted: rateSchema,
  })
  .meta({ id: 'WindowMetrics' });
export type WindowMetrics = z.output<typeof windowMetricsSchema>;

export const campaignMetricsSchema = z
  .object({
    campaignId: z.string(),
    asOf: timestampSchema,
    /** The current distribution of the campaign's leads. */
    stages: stageCountsSchema,
    /** Leads that ever reached each funnel stage. */
    funnel: funnelCountsSchema,
    rates: conversionRatesSchema,
    attemptsPerLead: z.number().nullable(),
    speedToLeadMedianSeconds: z.number().nullable(),
    unmappedDispositions: countSchema,
    windows: z.object({ '15m': windowMetricsSchema, '1h': windowMetricsSchema, today: windowMetricsSchema }),
    /** Open leads whose phone or e-mail is a customer's (`knownCustomer`): not to be pitched as strangers. */
    knownCustomers: countSchema.optional(),
    /** B2B accounts having a lead in the campaign, by the account's stage (docs/DOMAIN.md). */
    accounts: countsSchema(ACCOUNT_STAGES),
  })
  .meta({ id: 'CampaignMetrics' });
export type CampaignMetrics = z.output<typeof campaignMetricsSchema>;

/** One row of `GET /api/v1/campaigns/{id}/leads` (no personal data). */
/** Who to call first (docs/DOMAIN.md): 0–100, hot or not, and the reasons as message keys. Closed leads: 0, not hot, no reasons. */
const priorityFields = {
  priority: z.number().int().min(0).max(100),
  hot: z.boolean(),
  priorityReasons: z.array(priorityReasonSchema),
};

export const leadListItemSchema = z
  .object({
    leadId: z.string(),
    stage: stageSchema,
    ownerOperatorId: z.string().nullable(),
    attempts: countSchema,
    /** When the row last changed (any event, a reassignment). */
    updatedAt: timestampSchema,
    /** occurredAt of the latest event applied to the lead: "untouched since". */
    lastTouchedAt: timestampSchema.nullable(),
    /** When the lead entered its current stage. */
    stageSince: timestampSchema.nullable(),
    ...priorityFields,
  })
  .meta({ id: 'LeadListItem' });
export type LeadListItem = z.output<typeof leadListItemSchema>;

export const leadPageSchema = z
  .object({
    items: z.array(leadListItemSchema),
    /** Pass as `cursor` for the next page; null on the last one. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'LeadPage' });
export type LeadPage = z.output<typeof leadPageSchema>;

/** `GET /api/v1/campaigns/{id}/leads` query. */
export const leadsQuerySchema = z.object({
  stage: stageSchema.optional(),
  owner: idSchema.optional(),
  cursor: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type LeadsQuery = z.output<typeof leadsQuerySchema>;

export const bantAnswersSchema = z
  .object({
    need: z.boolean().nullable(),
    budget: z.boolean().nullable(),
    authority: z.boolean().nullable(),
    timeline: z.boolean().nullable(),
  })
  .meta({ id: 'BantAnswers' });
export type BantAnswers = z.output<typeof bantAnswersSchema>;

export const transitionViewSchema = z
  .object({
    leadId: z.string(),
    campaignId: z.string(),
    from: stageSchema.nullable(),
    to: stageSchema,
    at: timestampSchema,
    operatorId: z.string().nullable(),
    /** The disposition that caused it, or `qualification`, `max_attempts`. */
    cause: z.string(),
    eventId: z.string(),
  })
  .meta({ id: 'Transition' });
export type TransitionView = z.output<typeof transitionViewSchema>;

export const leadDetailSchema = z
  .object({
    leadId: z.string(),
    campaignId: z.string(),
    stage: stageSchema,
    ownerOperatorId: z.string().nullable(),
    source: leadSourceValueSchema.nullable(),
    attempts: countSchema,
    qualification: bantAnswersSchema,
    lastDisposition: dispositionSchema.nullable(),
    callbackAt: timestampSchema.nullable(),
    firstEventAt: timestampSchema.nullable(),
    /** The lead's phone or e-mail is that of a lead of the tenant that is already a customer. */
    knownCustomer: z.boolean(),
    /** Personal data: present for users, never for wall-screen tokens. */
    contact: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }).optional(),
    /** The B2B account (company) the lead belongs to, when it named one; `GET /api/v1/accounts/{id}` has its other leads. */
    account: z.object({ accountId: z.string(), name: z.string(), stage: z.enum(ACCOUNT_STAGES) }).nullable().optional(),
    transitions: z.array(transitionViewSchema),
    ...priorityFields,
  })
  .meta({ id: 'LeadDetail' });
export type LeadDetail = z.output<typeof leadDetailSchema>;

export const operatorLoadSchema = z
  .object({
    /** Seconds in the current state, as of `asOf`. */
    timeInStateSeconds: z.number().nullable(),
    /** Share of today's logged-in time spent on_call or wrap_up (null before any logged-in time). */
    occupancy: rateSchema,
    callsToday: countSchema,
    talkSecondsToday: countSchema,
    prospectsToday: countSchema,
    customersToday: countSchema,
    /** Open leads the operator owns, by stage (new, contacted, prospect, opportunity, nurturing). */
    openLeads: z.partialRecord(stageSchema, countSchema),
    callbacksDue: countSchema,
    asOf: timestampSchema,
  })
  .meta({ id: 'OperatorLoad' });
export type OperatorLoad = z.output<typeof operatorLoadSchema>;

export const operatorViewSchema = z
  .object({
    operatorId: z.string(),
    name: z.string().nullable(),
    seniority: senioritySchema,
    state: operatorStateValueSchema,
    since: timestampSchema.nullable(),
    load: operatorLoadSchema.optional(),
  })
  .meta({ id: 'Operator' });
export type OperatorView = z.output<typeof operatorViewSchema>;

/** `GET /api/v1/operators` query. */
export const operatorsQuerySchema = z.object({ campaignId: idSchema.optional() });

export const deadLetterSummarySchema = z
  .object({
    /** The tenant's batches that failed every retry. */
    count: countSchema,
    /** BullMQ's failed set (all tenants); -1 when the queue could not be asked. */
    queueFailed: z.number().int(),
    latest: z.array(z.object({ id: z.string(), failedAt: timestampSchema, error: z.string(), events: countSchema })),
  })
  .meta({ id: 'DeadLetterSummary' });
export type DeadLetterSummary = z.output<typeof deadLetterSummarySchema>;
