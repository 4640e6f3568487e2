/**
 * Redis failing under load (its own redis-server, AOF with `appendfsync everysec`), 2 APIs + 2 workers,
 * 8 posters, 4 screens: restarted cleanly (SIGTERM, started again on the same AOF), and SIGKILLed.
 *
 * What `everysec` can lose on a SIGKILL: Redis write()s its AOF buffer to the kernel before it answers
 * the clients of that event-loop turn, so a process kill (not a machine crash) loses nothing the
 * kernel got; the one exception is a write Redis postpones while the previous fsync is still running,
 * for at most 2 s. So: every event whose `202` came back more than 2 s before the kill must be
 * applied; only those acknowledged in the last 2 s may be lost (the summary line counts them).
 */
import type { HealthReady } from '@leadboard/contracts';
import { leadCreated } from '../support/events';
import { postEvents } from '../support/stack';
import type { Attempt } from './support/traffic';
import { expectExactlyOnce, runScenario, sleep } from './support/scenario';

const EVERYSEC_BOUND_MS = 2000;

function answers(attempts: Attempt[]): string {
  const by = attempts.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
  return Object.entries(by).map(([status, n]) => `${status}×${n}`).join(' ') || 'none';
}

it('Redis restarted (SIGTERM, then started again on its AOF) under load: nothing accepted lost, nothing applied twice', async () => {
  const result = await runScenario({
    name: 'redis-restart',
    broke: 'Redis stopped with SIGTERM while jobs were being applied, started again 2 s later on the same AOF',
    seed: 1301,
    async fault({ cluster, batches, observed, faultEnded }) {
      await cluster.redis.terminate();
      const downAt = Date.now();
      const ready = await fetch(`${cluster.apis[0].url}/health/ready`);
      observed['/health/ready while down'] = `${ready.status} ${JSON.stringify(await ready.json())}`;
      const probe = await postEvents({ apiUrl: cluster.apis[1].url }, cluster.tenant.ingestKey, [leadCreated('c-fault-probe', 'probe-1')]);
      observed['probe while down'] = probe.status;
      await sleep(Math.max(0, 2000 - (Date.now() - downAt)));
      const upAt = Date.now();
      await cluster.redis.start();
      faultEnded();
      const during = batches.flatMap((b) => b.attempts).filter((a) => a.sentAt >= downAt && a.answeredAt <= upAt);
      observed['answers while down'] = answers(during);
      observed['202 while down'] = during.filter((a) => a.status === 202).length;
    },
  });
  expectExactlyOnce(result);
  expect(result.observed['202 while down']).toBe(0);
  expect(result.observed['probe while down']).toBe(503);
  expect(result.observed['/health/ready while down']).toBe(`503 ${JSON.stringify({ status: 'error', postgres: 'up', redis: 'down' } satisfies HealthReady)}`);
});

it('Redis SIGKILLed under load: 503 (never 202) while it is down, and only the last 2 s of acknowledged events may be lost', async () => {
  const result = await runScenario({
    name: 'redis-sigkill',
    broke: 'Redis SIGKILLed while jobs were being applied, started again 3 s later on the same AOF (everysec)',
    seed: 1302,
    async fault({ cluster, batches, observed, allowLoss, faultEnded }) {
      const killAt = Date.now();
      await cluster.redis.stop();
      const downAt = Date.now();
      // A request whose job reached Redis just before the kill may be answered just after it.
      allowLoss(killAt - EVERYSEC_BOUND_MS, downAt);
      // Ingest asked while Redis is down, whatever the posters manage meanwhile on a slow machine:
      // the probe's event must be refused (and so never appear; a 202 would also show as a lead the plan does not have).
      const probe = await postEvents({ apiUrl: cluster.apis[1].url }, cluster.tenant.ingestKey, [leadCreated('c-fault-probe', 'probe-1')]);
      observed['probe while down'] = probe.status;
      await sleep(Math.max(0, 3000 - (Date.now() - downAt)));
      const upAt = Date.now();
      await cluster.redis.start();
      faultEnded();
      const during = batches.flatMap((b) => b.attempts).filter((a) => a.sentAt >= downAt && a.answeredAt <= upAt);
      observed['answers while down'] = answers(during);
      observed['202 while down'] = during.filter((a) => a.status === 202).length;
      observed['refused while down'] = during.filter((a) => a.status === 503).length;
    },
  });
  expectExactlyOnce(result);
  expect(result.observed['202 while down']).toBe(0);
  expect(result.observed['probe while down']).toBe(503);
});
