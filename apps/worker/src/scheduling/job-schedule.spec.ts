/**
 * The job schedulers against the real Redis: registering is idempotent and a new interval replaces the
 * old one (every worker registers at start), and two workers on one queue run each tick once.
 */
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { redisOptions } from '@leadboard/server';
import { Queue, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { registerJobSchedule } from './job-schedule';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `lbit-schedules-${randomBytes(4).toString('hex')}`;
const logger = new Logger('job-schedule.spec');

let queue: Queue;
beforeAll(() => {
  queue = new Queue('ticks', { connection: redisOptions(REDIS_URL, 'client'), prefix });
});
afterAll(async () => {
  await queue.close();
  const redis = new IORedis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

it('keeps one scheduler per job, with the interval of the last registration', async () => {
  await registerJobSchedule(queue, 'tick', 60_000, logger);
  await registerJobSchedule(queue, 'tick', 60_000, logger);
  await registerJobSchedule(queue, 'tick', 120_000, logger);
  const schedulers = await queue.getJobSchedulers();
  expect(schedulers.map((s) => [s.key, s.name, s.every])).toEqual([['tick', 'tick', 120_000]]);
});

it('runs each tick on one worker only, however many workers take the queue', async () => {
  const q = new Queue('once', { connection: redisOptions(REDIS_URL, 'client'), prefix });
  const seen: { worker: string; id: string }[] = [];
  const worker = (name: string) =>
    new Worker('once', async (job: Job) => void seen.push({ worker: name, id: job.id! }), { connection: redisOptions(REDIS_URL, 'worker'), prefix, concurrency: 1 });
  const workers = [worker('a'), worker('b')];
  try {
    await registerJobSchedule(q, 'tick', 100, logger);
    // Wait for five ticks (each tick's job id names its instant), then stop the schedule before reading.
    for (let i = 0; i < 300 && new Set(seen.map((s) => s.id)).size < 5; i++) await new Promise((r) => setTimeout(r, 50));
    await q.removeJobScheduler('tick');
    await Promise.all(workers.map((w) => w.close()));
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBeGreaterThanOrEqual(5);
    expect(ids).toEqual([...new Set(ids)]);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await q.close();
  }
});

it('registers its schedule again once the connection is back (a Redis restarted without persistence forgot it)', async () => {
  const q = new Queue('forgotten', { connection: redisOptions(REDIS_URL, 'client'), prefix });
  try {
    await registerJobSchedule(q, 'tick', 60_000, logger);
    await q.removeJobScheduler('tick');
    expect(await q.getJobSchedulers()).toEqual([]);
    (await q.getBackend().client).disconnect(true); // reconnects at once
    for (let i = 0; i < 200 && (await q.getJobSchedulers().catch(() => [])).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await q.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([['tick', 60_000]]);
  } finally {
    await q.close();
  }
});
