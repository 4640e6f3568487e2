// Baseline worker: a bare BullMQ Worker with a processor that does nothing, same concurrency as
// the app's worker. Reports its completed count every 100 ms.
//
// IPC out: {type:'ready'} · {type:'completed', total}
import { Worker } from 'bullmq';
import { connectionFromUrl } from './lib/bullmq-connection.mjs';

let total = 0;
const worker = new Worker(process.env.BENCH_BASE_QUEUE, async () => undefined, {
  connection: { ...connectionFromUrl(process.env.BENCH_REDIS_URL), maxRetriesPerRequest: null },
  prefix: process.env.BENCH_BASE_PREFIX,
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 4),
});
worker.on('completed', () => total++);
worker.on('error', (err) => console.error(`baseline worker: ${err.message}`));

let last = -1;
setInterval(() => {
  if (total !== last) process.send({ type: 'completed', total });
  last = total;
}, 100).unref();

await worker.waitUntilReady();
process.on('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
