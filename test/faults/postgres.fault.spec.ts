/**
 * PostgreSQL failing under load, 2 APIs + 2 workers, 8 posters, 4 screens: backends terminated in
 * the middle of transactions; the database unreachable for 20 s (every process's proxy refusing
 * connections); a slow link (200 ms each way) between the workers and PostgreSQL.
 */
import type { HealthReady } from '@leadboard/contracts';
import { backendsOf } from './support/fault-cluster';
import { expectExactlyOnce, runScenario, sleep } from './support/scenario';

it('workers’ PostgreSQL backends terminated mid-transaction: every accepted event applied once', async () => {
  const result = await runScenario({
    name: 'pg-terminate',
    broke: 'pg_terminate_backend on the workers’ backends caught inside a transaction (looked for every 20 ms, 8 of them or 15 s)',
    seed: 1201,
    async fault({ cluster, observed, faultEnded }) {
      let terminated = 0;
      // The engine's set transactions are short: look often to catch them open.
      const until = Date.now() + 15_000;
      while (Date.now() < until && terminated < 8) {
        for (const worker of cluster.workers) {
          for (const b of await backendsOf(cluster.db, worker)) {
            if (!b.inTransaction) continue;
            const [row] = (await cluster.db.query('SELECT pg_terminate_backend($1) AS ok', [b.pid])) as { ok: boolean }[];
            if (row.ok) terminated += 1;
          }
        }
        await sleep(20);
      }
      faultEnded();
      observed['backends terminated in a transaction'] = terminated;
      expect(terminated).toBeGreaterThan(0);
    },
  });
  expectExactlyOnce(result);
});

it('PostgreSQL unreachable for 20 s: ingest keeps accepting, workers wait without dead letters, all applied once it returns', async () => {
  const result = await runScenario({
    name: 'pg-unreachable-20s',
    broke: 'every process’s connections to PostgreSQL cut and refused for 20 s',
    seed: 1202,
    trafficMs: 34_000,
    pgProxy: true,
    async fault({ cluster, batches, observed, faultEnded }) {
      const proxies = cluster.all().map((p) => p.pgProxy);
      const downAt = Date.now();
      await Promise.all(proxies.map((p) => p.setMode({ kind: 'refuse' })));
      await sleep(3000);
      const ready = await fetch(`${cluster.apis[1].url}/health/ready`);
      observed['/health/ready while down'] = `${ready.status} ${JSON.stringify(await ready.json())}`;
      await sleep(17_000);
      const upAt = Date.now();
      await Promise.all(proxies.map((p) => p.setMode({ kind: 'pass' })));
      faultEnded();
      const during = batches.flatMap((b) => b.attempts).filter((a) => a.sentAt >= downAt && a.answeredAt <= upAt);
      observed['answers while down'] = Object.entries(during.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {}))
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
      observed['accepted while down'] = during.filter((a) => a.status === 202).length;
    },
  });
  expectExactlyOnce(result);
  // Ingest kept taking events into the queue while the database was away, and readiness said why not ready.
  expect(Number(result.observed['accepted while down'])).toBeGreaterThan(0);
  expect(result.observed['/health/ready while down']).toBe(`503 ${JSON.stringify({ status: 'error', postgres: 'down', redis: 'up' } satisfies HealthReady)}`);
});

it('a slow link (200 ms each way) between the workers and PostgreSQL: nothing duplicated, latency reported', async () => {
  const result = await runScenario({
    name: 'pg-slow-link',
    broke: '200 ms added each way between the workers and PostgreSQL, until every accepted event was applied',
    seed: 1203,
    leadsPerCampaign: 50,
    pgProxy: true,
    faultAtMs: 0,
    async fault({ cluster, traffic, backlog, faultEnded }) {
      await Promise.all(cluster.workers.map((w) => w.pgProxy.setMode({ kind: 'delay', delayMs: 200 })));
      await traffic.done;
      const until = Date.now() + 120_000;
      while ((await backlog()) > 0 && Date.now() < until) await sleep(500);
      await Promise.all(cluster.workers.map((w) => w.pgProxy.setMode({ kind: 'pass' })));
      faultEnded();
    },
  });
  expectExactlyOnce(result);
});
