/**
 * Funnel stages, in funnel order, then the side stages (domain page, "The funnel"). No zod at load
 * time here: the dashboard reads these constants (the schemas are in vocabulary-schemas.ts).
 */
import type { z } from 'zod';
import type { funnelCountsSchema, stageCountsSchema } from './vocabulary-schemas';

export const FUNNEL_STAGES = ['new', 'contacted', 'prospect', 'opportunity', 'customer'] as const;
export const SIDE_STAGES = ['nurturing', 'lost', 'dnc'] as const;
export const STAGES = [...FUNNEL_STAGES, ...SIDE_STAGES] as const;

/**
 * Open and closed: one list, used by every process and the dashboard (the domain's `isClosedStage`).
 * A closed lead (won, lost, do-not-call) is not reassigned, has no personal callback to honour and is
 * not counted in an operator's open leads; `lost` reopens with a later contact (the funnel decides).
 * The partial indexes on callbacks repeat this list in their predicate (migration Reassignment).
 */
export const OPEN_STAGES = ['new', 'contacted', 'prospect', 'opportunity', 'nurturing'] as const;
export const CLOSED_STAGES = ['customer', 'lost', 'dnc'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];
export type ClosedStage = (typeof CLOSED_STAGES)[number];

export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type SideStage = (typeof SIDE_STAGES)[number];
export type Stage = (typeof STAGES)[number];

export type StageCounts = z.output<typeof stageCountsSchema>;
export type FunnelCounts = z.output<typeof funnelCountsSchema>;

/**
 * A B2B account's stage (domain page, "B2B: accounts"): `lead` while none of its leads reached
 * `prospect`, `potential` once one did, `customer` from its first won sale.
 */
export const ACCOUNT_STAGES = ['lead', 'potential', 'customer'] as const;
export type AccountStage = (typeof ACCOUNT_STAGES)[number];
