/**
 * Reallocation of leads by managers, its audit trail, suggestions and personal callbacks
 * (contract.md, "Read API": reassign, audit, reassignment-suggestions, PATCH operators; "Live
 * channel": `reassigned`).
 */
import { z } from 'zod';
import type { OperatorView } from './api';
import { SENIORITIES } from './dispositions';
import { idSchema } from './events';
import { countSchema, messageParamsSchema, timestampSchema } from './shapes';
import { stageSchema } from './vocabulary-schemas';

/** Leads one `POST /api/v1/leads/reassign` may move. */
export const MAX_REASSIGN_LEADS = 10_000;
export const MAX_REASSIGN_REASON = 500;

/**
 * `POST /api/v1/leads/reassign`. `expectedOwners` maps a lead id to the owner the manager saw
 * (`null` for none); leads it does not name are not checked, and names that are not in `leadIds`
 * are ignored. A lead id listed twice counts once.
 */
export const reassignRequestSchema = z.object({
  leadIds: z
    .array(idSchema, { error: `must be an array of 1 to ${MAX_REASSIGN_LEADS} lead ids` })
    .min(1, { error: `must be an array of 1 to ${MAX_REASSIGN_LEADS} lead ids` })
    .max(MAX_REASSIGN_LEADS, { error: `must be an array of 1 to ${MAX_REASSIGN_LEADS} lead ids` })
    .transform((ids) => [...new Set(ids)]),
  toOperatorId: idSchema,
  reason: z
    .string({ error: `must be a string of 1 to ${MAX_REASSIGN_REASON} characters` })
    .trim()
    .min(1, { error: `must be a string of 1 to ${MAX_REASSIGN_REASON} characters` })
    .max(MAX_REASSIGN_REASON, { error: `must be a string of 1 to ${MAX_REASSIGN_REASON} characters` }),
  expectedOwners: z
    .record(idSchema, idSchema.nullable(), { error: 'must map lead ids to an operator id or null' })
    .optional(),
}).meta({ id: 'ReassignRequest' });
export type ReassignRequest = z.output<typeof reassignRequestSchema>;
export type ReassignRequestInput = z.input<typeof reassignRequestSchema>;

/** A move that was made but deserves a second look; never a refusal. */
export const reassignWarningSchema = z
  .object({
    code: z.literal('junior_target'),
    message: z.string(),
    messageKey: z.string(),
    params: messageParamsSchema,
    leadIds: z.array(z.string()),
  })
  .meta({ id: 'ReassignWarning' });
export type ReassignWarning = z.output<typeof reassignWarningSchema>;

export const reassignResponseSchema = z
  .object({
    /** Leads whose owner changed (each audited and pushed). */
    moved: countSchema,
    /** Leads the target already owned: now pinned to it (a later call no longer changes the owner), not audited. */
    alreadyOwned: countSchema,
    warnings: z.array(reassignWarningSchema),
  })
  .meta({ id: 'ReassignResponse' });
export type ReassignResponse = z.output<typeof reassignResponseSchema>;

/**
 * Refusals, nothing moved. `404 unknown_leads` (a lead of another tenant is unknown),
 * `422 unknown_operator` / `offline_operator` / `closed_leads`, `409 owner_changed`.
 * Checked in that order: the first that applies answers.
 */
export const REASSIGN_ERROR_CODES = ['unknown_leads', 'unknown_operator', 'offline_operator', 'closed_leads', 'owner_changed'] as const;
export type ReassignErrorCode = (typeof REASSIGN_ERROR_CODES)[number];

export const reassignErrorSchema = z
  .object({
    statusCode: z.union([z.literal(404), z.literal(409), z.literal(422)]),
    error: z.string(),
    code: z.enum(REASSIGN_ERROR_CODES),
    /** Names the leads (the first 20, then how many more) or the operator. */
    message: z.string(),
    /** Every lead the refusal is about (empty for an operator refusal). */
    leadIds: z.array(z.string()),
    /** closed_leads: each lead's stage. */
    stages: z.record(z.string(), stageSchema).optional(),
    /** owner_changed: the owner each listed lead has now (`null` for none). */
    currentOwners: z.record(z.string(), z.string().nullable()).optional(),
    operatorId: z.string().optional(),
  })
  .meta({ id: 'ReassignRefused' });
export type ReassignError = z.output<typeof reassignErrorSchema>;

export const AUDIT_ACTIONS = ['reassigned', 'callback_released'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One change of owner: by a manager (`reassigned`) or by the system (`callback_released`, to nobody). */
export const auditEntrySchema = z
  .object({
    id: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    leadId: z.string(),
    campaignId: z.string(),
    fromOperatorId: z.string().nullable(),
    toOperatorId: z.string().nullable(),
    reason: z.string(),
    actor: z.object({ kind: z.enum(['user', 'system']), userId: z.string().nullable(), email: z.string().nullable() }),
    at: timestampSchema,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.output<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  leadId: idSchema.optional(),
  campaignId: idSchema.optional(),
  limit: z.coerce.number({ error: 'must be an integer from 1 to 500' }).int().min(1).max(500).optional(),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

/**
 * The live channel's `reassigned`: leads of one campaign changed owner (one message per campaign and
 * request). `operators` are the operators whose load changed, with their load for this campaign.
 */
export interface ReassignedMessage {
  campaignId: string;
  seq: number;
  action: AuditAction;
  moves: { leadId: string; fromOperatorId: string | null }[];
  /** `null` when callbacks were released to the pool. */
  toOperatorId: string | null;
  reason: string;
  by: { kind: 'user' | 'system'; email: string | null };
  at: string;
  operators: OperatorView[];
}

/** `PATCH /api/v1/operators/{id}` (managers and admins): at least one field. */
export const operatorPatchSchema = z
  .strictObject(
    {
      name: z
        .string({ error: 'must be a string of 1 to 128 characters' })
        .trim()
        .min(1, { error: 'must be a string of 1 to 128 characters' })
        .max(128, { error: 'must be a string of 1 to 128 characters' })
        .optional(),
      seniority: z.enum(SENIORITIES, { error: `must be one of ${SENIORITIES.join(', ')}` }).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .refine((p) => p.name !== undefined || p.seniority !== undefined, { error: 'give name or seniority' });
export type OperatorPatch = z.output<typeof operatorPatchSchema>;

/**
 * Why a suggestion moves its leads, most urgent first:
 * - `no_owner`: nobody owns the prospect/opportunity;
 * - `junior_owner`: a junior owns it (prospects belong with senior closers);
 * - `owner_offline`: its senior is offline and it has been untouched past the SLA;
 * - `over_cap`: its senior owns more open prospects and opportunities than the cap.
 */
export const SUGGESTION_REASONS = ['no_owner', 'junior_owner', 'owner_offline', 'over_cap'] as const;
export type SuggestionReason = (typeof SUGGESTION_REASONS)[number];

/** `reassignment.<reason>.<pastSla|recent|excess>`, for the dashboard's translations. */
export const SUGGESTION_MESSAGE_KEYS = [
  'reassignment.no_owner.pastSla',
  'reassignment.no_owner.recent',
  'reassignment.junior_owner.pastSla',
  'reassignment.junior_owner.recent',
  'reassignment.owner_offline.pastSla',
  'reassignment.over_cap.excess',
  'reassignment.unplaced',
] as const;
export type SuggestionMessageKey = (typeof SUGGESTION_MESSAGE_KEYS)[number];

/**
 * One proposed move: leads of one stage, one reason, to one senior. Applying it is
 * `POST /api/v1/leads/reassign {leadIds, toOperatorId, reason: message, expectedOwners}`.
 */
export const reassignmentSuggestionSchema = z
  .object({
    /** Stable for the same input: `<reason>:<variant>:<stage>:<toOperatorId>`. */
    id: z.string(),
    reason: z.enum(SUGGESTION_REASONS),
    /** The leads waited longer than the SLA (untouched since). */
    pastSla: z.boolean(),
    stage: z.enum(['prospect', 'opportunity']),
    toOperatorId: z.string(),
    toOperatorName: z.string().nullable(),
    leadIds: z.array(z.string()),
    /** Each lead's owner as the suggestion saw it, ready for `expectedOwners`. */
    expectedOwners: z.record(z.string(), z.string().nullable()),
    /** e.g. "12 prospects owned by juniors for over 2 h → Marco (senior, 4 open prospects)". */
    message: z.string(),
    messageKey: z.enum(SUGGESTION_MESSAGE_KEYS),
    params: messageParamsSchema,
  })
  .meta({ id: 'ReassignmentSuggestion' });
export type ReassignmentSuggestion = z.output<typeof reassignmentSuggestionSchema>;

export const reassignmentSuggestionsSchema = z
  .object({
    campaignId: z.string(),
    asOf: timestampSchema,
    policy: z.object({ prospectSlaSeconds: z.number(), seniorCap: z.number() }),
    suggestions: z.array(reassignmentSuggestionSchema),
    /** Leads that should move but found no senior with room (all at the cap, or none available). */
    unplaced: z
      .object({ count: countSchema, message: z.string(), messageKey: z.enum(SUGGESTION_MESSAGE_KEYS), params: messageParamsSchema })
      .nullable(),
  })
  .meta({ id: 'ReassignmentSuggestions' });
export type ReassignmentSuggestions = z.output<typeof reassignmentSuggestionsSchema>;

/** `GET /api/v1/campaigns/{id}/callbacks`: personal callbacks of a campaign (open leads only). */
export const callbackSummarySchema = z
  .object({
    campaignId: z.string(),
    asOf: timestampSchema,
    /** Owned and not yet due. */
    scheduled: countSchema,
    /** Owned and due (in their owner's `callbacksDue`). */
    due: countSchema,
    /** Released to the pool and not called back yet: anyone may call them. */
    inPool: countSchema,
    /** Released to the pool since the start of today (campaign time zone), and ever. */
    releasedToday: countSchema,
    releasedTotal: countSchema,
    releaseAfterSeconds: z.number(),
  })
  .meta({ id: 'CallbackSummary' });
export type CallbackSummary = z.output<typeof callbackSummarySchema>;
