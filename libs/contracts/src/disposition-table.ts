/**
 * A tenant's disposition table (contract.md, "Integrations: disposition mappings"):
 * `GET /api/v1/dispositions`, `PUT/DELETE /api/v1/dispositions/{code}`, `POST .../reapply`,
 * `POST .../import-vicidial`.
 */
import { z } from 'zod';
import { CANONICAL_DISPOSITIONS, type CanonicalDisposition } from './dispositions';
import { idSchema } from './events';

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

/** One row of the table. Built-in rows (VICIdial's standard statuses) have `campaignId: null`. */
export interface DispositionMappingRow {
  code: string;
  disposition: CanonicalDisposition;
  /** `null`: the whole tenant; otherwise this campaign only (a campaign row wins over a tenant row). */
  campaignId: string | null;
  builtIn: boolean;
}

/** A code that arrived, matched nothing and was recorded as `OTHER`. */
export interface UnmappedDispositionRow {
  code: string;
  count: number;
  lastSeenAt: string;
  campaignId: string;
}

/** `GET /api/v1/dispositions`. */
export interface DispositionTableResponse {
  /** The tenant's rows first (campaign rows, then tenant rows), then the built-in ones. */
  mappings: DispositionMappingRow[];
  /** Codes still unmapped for their campaign, most recently seen first. */
  unmapped: UnmappedDispositionRow[];
}

/** `PUT /api/v1/dispositions/{code}` (managers, admins). Answers the stored row (`builtIn: false`). */
export const putDispositionRequestSchema = z.object({
  disposition: canonicalDispositionSchema,
  campaignId: idSchema.nullish(),
});
export type PutDispositionRequest = z.output<typeof putDispositionRequestSchema>;
export type PutDispositionRequestInput = z.input<typeof putDispositionRequestSchema>;

/** `DELETE /api/v1/dispositions/{code}?campaignId=` removes the tenant row (or the campaign's row); 404 when there is none. */
export const deleteDispositionQuerySchema = z.object({ campaignId: idSchema.optional() });

/** `POST /api/v1/dispositions/reapply` (managers, admins). */
export const reapplyDispositionsRequestSchema = z.object({ campaignId: idSchema });
export type ReapplyDispositionsRequest = z.output<typeof reapplyDispositionsRequestSchema>;

/** `202` of `reapply`: the campaign's history is re-mapped and refolded by the worker. */
export interface ReapplyDispositionsAccepted {
  campaignId: string;
  /** Stored call events of the campaign that will be re-mapped. */
  callEvents: number;
  /** Leads of the campaign that will be folded again. */
  leads: number;
  jobId: string;
}

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
export const vicidialStatusRowSchema = z.object({
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
});
export type VicidialStatusRow = z.output<typeof vicidialStatusRowSchema>;
export type VicidialStatusRowInput = z.input<typeof vicidialStatusRowSchema>;

export const MAX_IMPORT_STATUS_ROWS = 5000;

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

export interface DispositionProposal {
  code: string;
  statusName: string;
  campaignId: string | null;
  disposition: CanonicalDisposition;
  reason: ProposalReason;
  /** True when `?apply=true` stores it (built-in and canonical codes map already and are never stored). */
  storable: boolean;
  /** What the tenant's table maps this code to today for that scope (`null`: unmapped). */
  current: CanonicalDisposition | null;
}

/** `POST /api/v1/dispositions/import-vicidial[?apply=true]`: JSON array (or `{rows}`) or CSV with a header line. */
export interface ImportVicidialResponse {
  proposals: DispositionProposal[];
  applied: boolean;
  /** Rows written to the table (0 unless `apply=true`). */
  stored: number;
}
