/**
 * Priority, hotness and the hot-lead queue as the REST API carries them (contract.md, "Priority, accounts,
 * contribution, what-if"). The constants are in priority-vocabulary.ts (no zod there, for the dashboard).
 */
import { z } from 'zod';
import { stageSchema } from './vocabulary-schemas';
import { countSchema, messageParamsSchema, timestampSchema } from './shapes';
import {
  PRIORITY_REASON_KEYS,
  QUEUE_CSV_MAX_ROWS,
  QUEUE_DEFAULT_LIMIT,
  QUEUE_MAX_LIMIT,
  TARGET_MAX_POINTS,
  TARGET_MAX_RULES,
  TARGET_RULE_OPS,
} from './priority-vocabulary';

const scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

/**
 * One rule of a campaign's target: `field` names a lead attribute (`sector`, or `attributes.sector`), the
 * lead's `source`, or its company (`company.employees`: the lead's company when it names one, else the
 * attribute `company_employees`). A lead meeting the rule scores its `weight`.
 */
export const targetRuleSchema = z
  .strictObject({
    field: z
      .string({ error: 'must be a field name such as sector, source or company.employees' })
      .trim()
      .min(1, { error: 'must be a field name such as sector, source or company.employees' })
      .max(100),
    op: z.enum(TARGET_RULE_OPS, { error: `must be one of ${TARGET_RULE_OPS.join(', ')}` }),
    value: z.union([scalar, z.array(scalar).min(1).max(100)]),
    weight: z.number({ error: `must be an integer from 1 to ${TARGET_MAX_POINTS}` }).int({ error: `must be an integer from 1 to ${TARGET_MAX_POINTS}` }).min(1).max(TARGET_MAX_POINTS),
  })
  .superRefine((r, ctx) => {
    if (r.op === 'in' && !Array.isArray(r.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: '"in" takes a list of values' });
    if (r.op !== 'in' && Array.isArray(r.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `"${r.op}" takes one value, not a list` });
    if ((r.op === 'gte' || r.op === 'lte') && typeof r.value !== 'number') ctx.addIssue({ code: 'custom', path: ['value'], message: `"${r.op}" compares numbers: give a number` });
  })
  .meta({ id: 'TargetRule' });
export type TargetRuleInput = z.output<typeof targetRuleSchema>;

/** A campaign's target: its rules' weights add up to at most 40 points (the target-fit share of priority). */
export const targetSchema = z
  .array(targetRuleSchema)
  .max(TARGET_MAX_RULES, { error: `at most ${TARGET_MAX_RULES} rules` })
  .superRefine((rules, ctx) => {
    const total = rules.reduce((sum, r) => sum + r.weight, 0);
    if (total > TARGET_MAX_POINTS) {
      ctx.addIssue({ code: 'custom', message: `the weights add up to ${total}, more than ${TARGET_MAX_POINTS}: lower some rules' weights` });
    }
  })
  .meta({ id: 'Target' });

export const priorityReasonSchema = z
  .object({ key: z.enum(PRIORITY_REASON_KEYS), params: messageParamsSchema })
  .meta({ id: 'PriorityReason' });

/** `GET /api/v1/campaigns/{id}/queue` query; `format=csv` is the same as `queue.csv`. */
export const queueQuerySchema = z.object({
  limit: z.coerce.number({ error: `must be an integer from 1 to ${QUEUE_MAX_LIMIT}` }).int().min(1).max(QUEUE_MAX_LIMIT).default(QUEUE_DEFAULT_LIMIT),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});
export type QueueQuery = z.output<typeof queueQuerySchema>;

/** `GET /api/v1/campaigns/{id}/queue.csv` query. */
export const queueCsvQuerySchema = z.object({
  limit: z.coerce.number({ error: `must be an integer from 1 to ${QUEUE_CSV_MAX_ROWS}` }).int().min(1).max(QUEUE_CSV_MAX_ROWS).default(QUEUE_CSV_MAX_ROWS),
});
export type QueueCsvQuery = z.output<typeof queueCsvQuerySchema>;

export const queueItemSchema = z
  .object({
    leadId: z.string(),
    stage: stageSchema,
    priority: z.number().int().min(0).max(100),
    hot: z.boolean(),
    reasons: z.array(priorityReasonSchema),
    /** Since when the lead waits for a call: its latest event, or its callback time when that is later. */
    waitingSince: timestampSchema.nullable(),
    ownerOperatorId: z.string().nullable(),
    /** First letters of the first and last name (what a wall screen may show). */
    initials: z.string(),
    /** Personal data: present for users, never for wall-screen tokens. */
    contact: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }).optional(),
    /**
     * The B2B account (company) the lead belongs to, null when it named none: for users, like the contact
     * (the managers' view groups the queue by it); never for wall-screen tokens.
     */
    account: z.object({ accountId: z.string(), name: z.string() }).nullable().optional(),
  })
  .meta({ id: 'QueueItem' });
export type QueueItem = z.output<typeof queueItemSchema>;

export const queueResponseSchema = z
  .object({
    campaignId: z.string(),
    hotThreshold: z.number().int(),
    /** Speed-to-lead SLA for hot leads, in seconds (the `hot_lead_waiting` alert's line). */
    hotLeadSlaSeconds: countSchema,
    /** Hot open leads, all of them (not only this page). */
    hotCount: countSchema,
    /** The longest-waiting hot lead's `waitingSince` (null without hot leads). */
    oldestHotWaitingSince: timestampSchema.nullable(),
    asOf: timestampSchema,
    /** Hottest first: priority desc, then waiting longest, then lead id. */
    items: z.array(queueItemSchema),
  })
  .meta({ id: 'HotLeadQueue' });
export type QueueResponse = z.output<typeof queueResponseSchema>;

/** The CSV export's columns, in order. */
export const QUEUE_CSV_COLUMNS = ['lead_id', 'name', 'phone', 'email', 'priority', 'hot', 'reasons', 'waiting_since', 'stage'] as const;

/** `GET /api/v1/campaigns/{id}/target`: the campaign's target and hot threshold as stored. */
export const targetSettingsSchema = z
  .object({ campaignId: z.string(), target: targetSchema, hotThreshold: z.number().int() })
  .meta({ id: 'TargetSettings' });
export type TargetSettingsView = z.output<typeof targetSettingsSchema>;

/** `POST /api/v1/campaigns/{id}/target/preview`: what a target would match, before it is saved. */
export const targetPreviewRequestSchema = z.strictObject({ target: targetSchema }).meta({ id: 'TargetPreviewRequest' });
export type TargetPreviewRequest = z.output<typeof targetPreviewRequestSchema>;

export const targetPreviewSchema = z
  .object({
    /** Open leads read (all of them, or the first `TARGET_PREVIEW_MAX_LEADS` by id when `sampled`). */
    openLeads: countSchema,
    sampled: z.boolean(),
    /** Open leads meeting each rule, in the rules' order. */
    rules: z.array(z.object({ matching: countSchema })),
    /** Open leads meeting at least one rule. */
    matchingAny: countSchema,
  })
  .meta({ id: 'TargetPreview' });
export type TargetPreview = z.output<typeof targetPreviewSchema>;
