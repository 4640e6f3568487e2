/** Operations endpoints (contract.md, "Operations"): health, and the queue UI's admin session. */
import { z } from 'zod';
import { timestampSchema } from './shapes';

export const healthLiveSchema = z.object({ status: z.literal('ok') }).meta({ id: 'HealthLive' });

const dependencyStateSchema = z.enum(['up', 'down']);

/**
 * `/health/ready`: `200` when PostgreSQL and Redis answer, else `503` with the same shape
 * (`status: error`); it says which dependency is down and nothing more (no error text, host or version).
 */
export const healthReadySchema = z
  .object({ status: z.enum(['ok', 'error']), postgres: dependencyStateSchema, redis: dependencyStateSchema })
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
