/** Console figures beyond the live metrics: time series and stage aging (issue 4). */

export interface TimeSeriesPoint {
  /** Start of the bucket. */
  at: string;
  calls: number;
  contacts: number;
  prospects: number;
  customers: number;
  dropped: number;
  /** prospects / contacts in the bucket */
  prospectPerContacted: number | null;
}

export interface TimeSeries {
  campaignId: string;
  stepMinutes: number;
  from: string;
  to: string;
  /** One point per step, oldest first, including empty steps. */
  points: TimeSeriesPoint[];
}

export const AGING_STAGES = ['new', 'prospect'] as const;
export type AgingStage = (typeof AGING_STAGES)[number];

/** Upper bounds (seconds) of the aging buckets; the last bucket is open. */
export const AGING_BUCKET_BOUNDS = [300, 900, 3600, 4 * 3600, 24 * 3600] as const;

export interface StageAging {
  campaignId: string;
  asOf: string;
  /** For each stage, lead counts per bucket: `buckets[i]` holds leads aged below `AGING_BUCKET_BOUNDS[i]` (and above the previous bound); the last entry is everything older. */
  stages: Record<AgingStage, { leads: number; buckets: number[] }>;
}
