/** Stage aging buckets, read by the dashboard: no zod here (the schema is in insights.ts). */
export const AGING_STAGES = ['new', 'prospect'] as const;
export type AgingStage = (typeof AGING_STAGES)[number];

/** Upper bounds (seconds) of the aging buckets; the last bucket is open. */
export const AGING_BUCKET_BOUNDS = [300, 900, 3600, 4 * 3600, 24 * 3600] as const;
