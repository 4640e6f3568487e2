/** Barriers on the stack's BullMQ queues, for tests that must know every queued job has been handled. */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Stack } from './stack';
import { waitFor } from './wait';

/** Waits until the queue holds no job waiting, active, delayed or prioritized: everything added before has been handled. */
export async function waitForDrainedQueue(stack: Pick<Stack, 'env'>, name: string): Promise<void> {
  const redis = new IORedis(stack.env.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection: redis, prefix: stack.env.QUEUE_PREFIX });
  try {
    await waitFor(async () => Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0), {
      what: `the ${name} queue to drain`,
    });
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
