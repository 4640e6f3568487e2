/**
 * A tenant's disposition table (contract.md, "Integrations: disposition mappings"):
 * `GET /api/v1/dispositions`, `PUT/DELETE /api/v1/dispositions/{code}`, `POST .../reapply`,
 * `POST .../import-vicidial`.
 */
import { z } from 'zod';
import { CANONICAL_DISPOSITIONS } from './dispositions';
import { idSchema } from './events';
import { countSchema, timestampSchema } from './shapes';

export const MAX_DISPOSITION_CODE_LENGTH = 64;

/**
 * A dialer's status code as stored and matched: trimmed and upper-cased (matching is
 * case-insensitive, so `sale` and `SALE` are one code).
 */
export const dispositionCodeSchema = z
  .string({ error: `must be a status code of 1 to ${MAX_DISPOSITION_CODE_LENGTH} characters` })
  .trim()
  .min(1, { error: `must be a status code of 1 to ${MAX_DISPOSITION_CODE_LENGTH} characters` })
  .max(MAX_DISPOSITION_CODE_LENGTH, {
    error: `must be a status code of 1 to ${MAX_DISPOSITION_CODE_LENGTH} characters`,
  })
  .transform((code) => code.toUpperCase());

/** A mapping target: a canonical disposition (never `OTHER`, which is what "unmapped" means). */
export const canonicalDispositionSchema = z
  .string({ error: `must be one of ${CANONICAL_DISPOSITIONS.join(', ')}` })
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(CANONICAL_DISPOSITIONS, { error: `must be one of ${CANONICAL_DISPOSITIONS.join(', ')}` }));

/** A canonical disposition as the API writes it (never `OTHER`). */
const canonicalDispositionValueSchema = z.enum(CANONICAL_DISPOSITIONS).meta({ id: 'CanonicalDisposition' });

/** One row of the table. Built-in rows (VICIdial's standard statuses) have `campaignId: null`. */
export const dispositionMappingRowSchema = z
  .object({
    /** Trimmed and upper-cased. */
    code: z.string(),
    disposition: canonicalDispositionValueSchema,
    /** `null`: the whole tenant; otherwise this campaign only (a campaign row wins over a tenant row). */
    campaignId: z.string().nullable(),
    builtIn: z.boolean(),
  })
  .meta({ id: 'DispositionMapping' });
export type DispositionMappingRow = z.output<typeof dispositionMappingRowSchema>;

/** A code that arrived, matched nothing and was recorded as `OTHER`. */
export const unmappedDispositionRowSchema = z
  .object({
    code: z.string(),
    /** Calls of this campaign recorded as `OTHER` with this code. */
    count: countSchema,
    lastSeenAt: timestampSchema,
    campaignId: z.string(),
  })
  .meta({ id: 'UnmappedDisposition' });
export type UnmappedDispositionRow = z.output<typeof unmappedDispositionRowSchema>;

/** `GET /api/v1/dispositions`. */
export const dispositionTableResponseSchema = z
  .object({
    /** The tenant's rows first (campaign rows, then tenant rows), then the built-in ones. */
    mappings: z.array(dispositionMappingRowSchema),
    /** Codes still unmapped for their campaign, most recently seen first (at most 500). */
    unmapped: z.array(unmappedDispositionRowSchema),
  })
  .meta({ id: 'DispositionTable' });
export type DispositionTableResponse = z.output<typeof dispositionTableResponseSchema>;

/** `PUT /api/v1/dispositions/{code}` (managers, admins). Answers the stored row (`builtIn: false`). */
export const putDispositionRequestSchema = z
  .object({
    disposition: canonicalDispositionSchema,
    /** A campaign's own row; absent or `null`: the tenant's row, for all its campaigns. */
    campaignId: idSchema.nullish(),
  })
  .meta({ id: 'PutDispositionRequest' });
export type PutDispositionRequest = z.output<typeof putDispositionRequestSchema>;
export type PutDispositionRequestInput = z.input<typeof putDispositionRequestSchema>;

/** `DELETE /api/v1/dispositions/{code}?campaignId=` removes the tenant row (or the campaign's row); 404 when there is none. */
export const deleteDispositionQuerySchema = z.object({
  campaignId: idSchema.optional().meta({ description: "That campaign's row; absent: the tenant's row." }),
});

/** `POST /api/v1/dispositions/reapply` (managers, admins). */
export const reapplyDispositionsRequestSchema = z.object({ campaignId: idSchema }).meta({ id: 'ReapplyDispositionsRequest' });
export type ReapplyDispositionsRequest = z.output<typeof reapplyDispositionsRequestSchema>;

/** `202` of `reapply`: the campaign's history is re-mapped and refolded by the worker. */
export const reapplyDispositionsAcceptedSchema = z
  .object({
    campaignId: z.string(),
    /** Stored call events of the campaign that will be re-mapped. */
    callEvents: countSchema,
    /** Leads of the campaign that will be folded again. */
    leads: countSchema,
    jobId: z.string(),
  })
  .meta({ id: 'ReapplyDispositionsAccepted' });
export type ReapplyDispositionsAccepted = z.output<typeof reapplyDispositionsAcceptedSchema>;

const FLAG_ERROR = 'must be Y or N';
/** VICIdial writes its flags as `Y`/`N`; empty or absent reads as `N`. */
const flagSchema = z
  .union([z.string(), z.boolean()], { error: FLAG_ERROR })
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '' || v === false) return false;
    if (v === true) return true;
    const up = v.trim().toUpperCase();
    if (up === 'Y') return true;
    if (up === 'N' || up === '') return false;
    ctx.addIssue({ code: 'custom', message: FLAG_ERROR });
    return z.NEVER;
  });

/** The flags of a `vicidial_campaign_statuses` (or `vicidial_statuses`) row, in the order the rule reads them. */
export const VICIDIAL_STATUS_FLAGS = [
  'dnc',
  'sale',
  'not_interested',
  'unworkable',
  'scheduled_callback',
  'answering_machine',
  'customer_contact',
  'human_answered',
] as const;
export type VicidialStatusFlag = (typeof VICIDIAL_STATUS_FLAGS)[number];

/** One row of VICIdial's `vicidial_campaign_statuses`, as exported (extra columns ignored). */
export const vicidialStatusRowSchema = z
  .object({
    status: dispositionCodeSchema,
    status_name: z.string().max(256).optional().default(''),
    /** Empty or absent: a system-wide status (`vicidial_statuses`), mapped for the whole tenant. */
    campaign_id: z
      .string()
      .trim()
      .max(128)
      .optional()
      .transform((v) => (v ? v : null)),
    dnc: flagSchema,
    sale: flagSchema,
    not_interested: flagSchema,
    unworkable: flagSchema,
    scheduled_callback: flagSchema,
    answering_machine: flagSchema,
    customer_contact: flagSchema,
    human_answered: flagSchema,
  })
  .meta({ id: 'VicidialStatusRow' });
export type VicidialStatusRow = z.output<typeof vicidialStatusRowSchema>;
export type VicidialStatusRowInput = z.input<typeof vicidialStatusRowSchema>;

export const MAX_IMPORT_STATUS_ROWS = 5000;

/**
 * The JSON body of `import-vicidial`: the rows, or `{rows}`. The API reads it row by row (each
 * refusal names its row), so this schema describes the body rather than validating it.
 */
export const vicidialStatusRowsSchema = z
  .union([
    z.array(vicidialStatusRowSchema).min(1).max(MAX_IMPORT_STATUS_ROWS),
    z.object({ rows: z.array(vicidialStatusRowSchema).min(1).max(MAX_IMPORT_STATUS_ROWS) }),
  ])
  .meta({ id: 'VicidialStatusRows' });

/**
 * `400` of `import-vicidial`, nothing stored: each bad row by its 0-based position (`-1`: the body as
 * a whole) and path; a bad query parameter by its path alone; a CSV that cannot be read in `message`.
 */
export const vicidialStatusRowsRejectedSchema = z
  .object({
    statusCode: z.literal(400),
    error: z.string(),
    message: z.string(),
    errors: z.array(z.object({ row: z.number().int().optional(), path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'VicidialStatusRowsRejected' });

/**
 * Why a code got its proposal: VICIdial's built-in table or a canonical name (not stored: it
 * maps already), or the first flag that decided it (domain page, "VICIdial status flags").
 */
export const PROPOSAL_REASONS = [
  'built_in',
  'canonical',
  'flag_dnc',
  'flag_sale',
  'flag_not_interested',
  'flag_unworkable',
  'flag_scheduled_callback',
  'flag_answering_machine',
  'flag_customer_contact',
  'flag_human_answered_drop',
  'flag_human_answered',
  'no_flags',
] as const;
export type ProposalReason = (typeof PROPOSAL_REASONS)[number];

export const dispositionProposalSchema = z
  .object({
    code: z.string(),
    statusName: z.string(),
    /** `null`: a system-wide status, proposed for the whole tenant. */
    campaignId: z.string().nullable(),
    disposition: canonicalDispositionValueSchema,
    reason: z.enum(PROPOSAL_REASONS),
    /** True when `?apply=true` stores it (built-in and canonical codes map already and are never stored). */
    storable: z.boolean(),
    /** What the tenant's table maps this code to today for that scope (`null`: unmapped). */
    current: canonicalDispositionValueSchema.nullable(),
  })
  .meta({ id: 'DispositionProposal' });
export type DispositionProposal = z.output<typeof dispositionProposalSchema>;

/** `POST /api/v1/dispositions/import-vicidial[?apply=true]`: JSON array (or `{rows}`) or CSV with a header line. */
export const importVicidialResponseSchema = z
  .object({
    proposals: z.array(dispositionProposalSchema),
    applied: z.boolean(),
    /** Rows written to the table (0 unless `apply=true`). */
    stored: countSchema,
  })
  .meta({ id: 'ImportVicidialStatuses' });
export type ImportVicidialResponse = z.output<typeof importVicidialResponseSchema>;
