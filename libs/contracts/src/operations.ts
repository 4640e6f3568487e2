/** Operations endpoints (contract.md, "Operations"): health, and the queue UI's admin session. */
import { z } from 'zod';
import { timestampSchema } from './shapes';

export const healthLiveSchema = z.object({ status: z.literal('ok') }).meta({ id: 'HealthLive' });

const indicatorsSchema = z.record(z.string(), z.object({ status: z.enum(['up', 'down']), message: z.string().optional() }));

/** `/health/ready`: `200` when PostgreSQL and Redis answer, else `503` with the same shape (`status: error`). */
export const healthReadySchema = z
  .object({
    status: z.enum(['ok', 'error', 'shutting_down']),
    info: indicatorsSchema.optional(),
    error: indicatorsSchema.optional(),
    details: indicatorsSchema,
  })
  .meta({ id: 'HealthReady' });
export type HealthReady = z.output<typeof healthReadySchema>;

/**
 * `POST /api/v1/admin/queues/session`: the queue UI's cookie was set; open `url` in the same browser.
 * `full` for the admins named in QUEUE_BOARD_ADMINS (retry, clean, pause), `read-only` for the others.
 */
export const queueBoardSessionSchema = z
  .object({ url: z.string(), mode: z.enum(['full', 'read-only']), expiresAt: timestampSchema })
  .meta({ id: 'QueueBoardSession' });
export type QueueBoardSession = z.output<typeof queueBoardSessionSchema>;
