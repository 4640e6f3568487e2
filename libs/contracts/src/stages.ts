/**
 * Funnel stages, in funnel order, then the side stages (domain page, "The funnel"). No zod at load
 * time here: the dashboard reads these constants (the schemas are in vocabulary-schemas.ts).
 */
import type { z } from 'zod';
import type { funnelCountsSchema, stageCountsSchema } from './vocabulary-schemas';

export const FUNNEL_STAGES = ['new', 'contacted', 'prospect', 'opportunity', 'customer'] as const;
export const SIDE_STAGES = ['nurturing', 'lost', 'dnc'] as const;
export const STAGES = [...FUNNEL_STAGES, ...SIDE_STAGES] as const;

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
