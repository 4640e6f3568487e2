/** Console figures beyond the live metrics: time series and stage aging (issue 4). */
import { z } from 'zod';
import { AGING_BUCKET_BOUNDS } from './aging';
import { countSchema, rateSchema, timestampSchema } from './shapes';

export const timeSeriesPointSchema = z
  .object({
    /** Start of the bucket. */
    at: timestampSchema,
    calls: countSchema,
    contacts: countSchema,
    prospects: countSchema,
    customers: countSchema,
    dropped: countSchema,
    /** prospects / contacts in the bucket */
    prospectPerContacted: rateSchema,
  })
  .meta({ id: 'TimeSeriesPoint' });
export type TimeSeriesPoint = z.output<typeof timeSeriesPointSchema>;

export const timeSeriesSchema = z
  .object({
    campaignId: z.string(),
    stepMinutes: z.number().int(),
    from: timestampSchema,
    to: timestampSchema,
    /** One point per step, oldest first, including empty steps. */
    points: z.array(timeSeriesPointSchema),
  })
  .meta({ id: 'TimeSeries' });
export type TimeSeries = z.output<typeof timeSeriesSchema>;

/** `GET /api/v1/campaigns/{id}/timeseries` query: the last `hours`, one point per `step` minutes. */
export const timeSeriesQuerySchema = z.object({
  hours: z.coerce.number().int().min(1).max(48).default(6),
  step: z.coerce
    .number()
    .int()
    .refine((v) => [1, 5, 15, 60].includes(v), { error: 'must be 1, 5, 15 or 60 (minutes)' })
    .default(5),
});
export type TimeSeriesQuery = z.output<typeof timeSeriesQuerySchema>;

const agingBucketsSchema = z.object({ leads: countSchema, buckets: z.array(countSchema) });

export const stageAgingSchema = z
  .object({
    campaignId: z.string(),
    asOf: timestampSchema,
    /** For each stage, lead counts per bucket: `buckets[i]` holds leads aged below `AGING_BUCKET_BOUNDS[i]` (and above the previous bound); the last entry is everything older. */
    stages: z.object({ new: agingBucketsSchema, prospect: agingBucketsSchema }),
  })
  .meta({ id: 'StageAging', description: `Bucket bounds (seconds): ${AGING_BUCKET_BOUNDS.join(', ')}, then older.` });
export type StageAging = z.output<typeof stageAgingSchema>;
