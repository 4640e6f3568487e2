// Baseline producer: a bare BullMQ Queue on the same Redis (own prefix), `addBulk` of 100 small
// jobs (one event each), with N calls in flight and the same backlog cap as the app phases.
//
// IPC in:  {cmd:'start', inflight, batch, maxBacklog} · {cmd:'progress', completed} · {cmd:'stop'}
// IPC out: {type:'ready'} · {type:'stopped', added}
import { Queue } from 'bullmq';
import { connectionFromUrl } from './lib/bullmq-connection.mjs';

const queue = new Queue(process.env.BENCH_BASE_QUEUE, { connection: connectionFromUrl(process.env.BENCH_REDIS_URL), prefix: process.env.BENCH_BASE_PREFIX });
const jobOpts = { removeOnComplete: { age: 600, count: 1000 }, removeOnFail: { age: 3600, count: 1000 } };
let running = false;
let added = 0;
let completed = 0;
let loops = [];

function jobs(batch, n) {
  const now = new Date().toISOString();
  return Array.from({ length: batch }, (_, i) => ({
    name: 'noop',
    data: { eventId: `b${n}_${i}`, type: 'lead.created', occurredAt: now, campaignId: 'c-baseline', leadId: `B${n}_${i}`, lead: { source: 'website', name: `Baseline ${n}-${i}` } },
    opts: jobOpts,
  }));
}

async function loop(opts) {
  while (running) {
    if (added - completed >= opts.maxBacklog) {
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    const n = added;
    added += opts.batch;
    await queue.addBulk(jobs(opts.batch, n));
  }
}

await queue.waitUntilReady();
process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    running = true;
    loops = Array.from({ length: msg.inflight }, () => loop(msg));
  } else if (msg.cmd === 'progress') {
    completed = msg.completed;
  } else if (msg.cmd === 'stop') {
    running = false;
    await Promise.all(loops);
    process.send({ type: 'stopped', added });
    await queue.close();
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
