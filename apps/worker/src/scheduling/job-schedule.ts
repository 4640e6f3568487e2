/**
 * Registers a BullMQ job scheduler (a repeatable job): one job per interval across every worker,
 * taken by one of them — what the Redis `SET NX` locks of the old timers did by hand. The next tick
 * is added when a worker takes the current one, so a tick that overruns its interval can meet the
 * next one on another worker: the work itself stays guarded in PostgreSQL (advisory or row locks,
 * conditions checked again), as docs/ARCHITECTURE.md ("Scheduled jobs") says job by job.
 */
import type { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

/** A missed tick is not retried: the next one does the same work on fresher data. */
const TICK_OPTIONS = { removeOnComplete: { count: 20 }, removeOnFail: { count: 50 }, attempts: 1 } as const;

/**
 * Upserting is idempotent: every worker does it at start, and a changed interval replaces the old one.
 * It is done again each time the queue's connection is ready again: a Redis restarted without
 * persistence (this machine's) has forgotten the schedulers. Not awaited by the caller: a Redis that
 * is not up yet must not hold the worker's start.
 */
export function registerJobSchedule(
  queue: Queue,
  job: string,
  everyMs: number,
  logger: Logger,
  opts: { attempts?: number; backoff?: { type: 'exponential' | 'fixed'; delay: number } } = {},
): Promise<void> {
  const upsert = () =>
    queue
      .upsertJobScheduler(job, { every: everyMs }, { name: job, opts: { ...TICK_OPTIONS, ...opts } })
      .then(() => undefined)
      .catch((err: Error) => logger.warn(`${job} schedule not registered yet (${err.message}); registered again when Redis is back`));
  void queue.getBackend().client.then((client) => client.on('ready', () => void upsert())).catch(() => undefined);
  return upsert();
}
