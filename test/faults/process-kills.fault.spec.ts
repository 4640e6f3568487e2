/**
 * Processes killed under load, 2 APIs + 2 workers, 8 posters alternating between the APIs, 4 screens
 * through the balancer: a worker SIGKILLed inside a transaction, an API SIGKILLed with screens
 * attached. Each killed process is started again, as the compose file's restart policy does.
 */
import { waitFor } from '../support/wait';
import { backendsOf } from './support/fault-cluster';
import { expectExactlyOnce, runScenario, sleep } from './support/scenario';

it('a worker SIGKILLed in the middle of a batch: every accepted event applied once, screens equal to a fresh snapshot', async () => {
  const result = await runScenario({
    name: 'worker-sigkill',
    broke: 'worker0 SIGKILLed inside a PostgreSQL transaction, started again 2 s later',
    seed: 1101,
    async fault({ cluster, observed, faultEnded }) {
      const worker = cluster.workers[0];
      // Mid-batch, seen from outside: one of its PostgreSQL backends is inside a transaction.
      await waitFor(async () => (await backendsOf(cluster.db, worker)).some((b) => b.inTransaction && b.state !== 'idle'), {
        timeoutMs: 15_000,
        intervalMs: 10,
        what: 'worker0 inside a transaction',
      });
      await worker.kill('SIGKILL');
      faultEnded();
      observed['killed in a transaction'] = 'yes';
      await sleep(2000);
      await worker.start();
    },
  });
  expectExactlyOnce(result);
});

it('an API SIGKILLed with screens attached: screens move to the other API and re-sync, nothing accepted is lost', async () => {
  const result = await runScenario({
    name: 'api-sigkill',
    broke: 'api0 SIGKILLed with sockets attached, started again 3 s later',
    seed: 1102,
    async fault({ cluster, batches, observed, faultEnded }) {
      const api = cluster.apis[0];
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      const sockets = Number(/^leadboard_live_sockets\s+(\d+)/m.exec(metrics)?.[1] ?? 0);
      observed['sockets on the killed API'] = sockets;
      expect(sockets).toBeGreaterThan(0);
      const killedAt = Date.now();
      await api.kill('SIGKILL');
      faultEnded();
      await sleep(3000);
      const restartAt = Date.now();
      await api.start();
      // While it was down the posters' requests to it were refused and went to the other API.
      observed['requests refused by the dead API'] = batches.flatMap((b) => b.attempts).filter((a) => a.api === 0 && a.sentAt >= killedAt && a.sentAt < restartAt && a.status === 0).length;
    },
  });
  expectExactlyOnce(result);
  // Every screen of the killed API reconnected (through the balancer, to the other one).
  expect(result.screens.reduce((n, s) => n + s.counts.connects - 1, 0)).toBeGreaterThanOrEqual(Number(result.observed['sockets on the killed API']));
});
