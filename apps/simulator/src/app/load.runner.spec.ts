import type { IngestEventInput } from '@leadboard/contracts';
import type { PostResult } from './ingest.client';
import { LoadRunner, type EventSource } from './load.runner';

/** Numbered operator.state events: enough to follow batches through retries. */
function counterSource(): EventSource & { made: number } {
  const source = {
    made: 0,
    take(count: number): IngestEventInput[] {
      return Array.from({ length: count }, () => ({
        eventId: `e-${++source.made}`, type: 'operator.state' as const, occurredAt: new Date().toISOString(), operatorId: 'op-1', state: 'available' as const,
      }));
    },
  };
  return source;
}

function scriptedClient(script: (batch: readonly IngestEventInput[], call: number) => PostResult) {
  const posted: string[][] = [];
  return {
    posted,
    post: async (batch: readonly IngestEventInput[]): Promise<PostResult> => {
      posted.push(batch.map((e) => e.eventId));
      return script(batch, posted.length);
    },
  };
}

const quiet = { log: () => undefined, error: () => undefined };

describe('LoadRunner', () => {
  it('sends about rate × duration events in batches of at most --batch', async () => {
    const client = scriptedClient((batch) => ({ kind: 'accepted', accepted: batch.length, duplicates: 0 }));
    const runner = new LoadRunner(counterSource(), client, { rate: 1000, batch: 40, concurrency: 4, duration: 0.5, tickMs: 20 }, quiet);
    const result = await runner.run();
    expect(result.exitCode).toBe(0);
    expect(result.stats.accepted).toBeGreaterThan(350);
    expect(result.stats.accepted).toBeLessThanOrEqual(540);
    expect(Math.max(...client.posted.map((b) => b.length))).toBeLessThanOrEqual(40);
  });

  it('retries a throttled batch with the same eventIds after Retry-After', async () => {
    const client = scriptedClient((batch, call) =>
      call === 1 ? { kind: 'retry', afterMs: 100, throttled: true, reason: 'HTTP 429' } : { kind: 'accepted', accepted: batch.length, duplicates: call === 2 ? 1 : 0 },
    );
    const runner = new LoadRunner(counterSource(), client, { rate: 50, batch: 5, concurrency: 2, duration: 0.4, tickMs: 20 }, quiet);
    const result = await runner.run();
    expect(client.posted[1]).toEqual(client.posted[0]);
    expect(result.stats).toEqual(expect.objectContaining({ throttled: 1, duplicates: 1, errors: 0 }));
    expect(result.stats.accepted).toBe(result.stats.sent);
  });

  it('stops with exit code 1 and prints the errors of a 400', async () => {
    const lines: string[] = [];
    const client = scriptedClient(() => ({ kind: 'fatal', status: 400, message: 'HTTP 400: bug', errors: [{ index: 0, path: 'state', message: 'bad state' }] }));
    const runner = new LoadRunner(counterSource(), client, { rate: 100, batch: 10, concurrency: 1, duration: null, tickMs: 10 }, { ...quiet, error: (l) => lines.push(l) });
    const result = await runner.run();
    expect(result.exitCode).toBe(1);
    expect(lines.join('\n')).toContain('error #0 (operator.state e-1) state: bad state');
    expect(client.posted).toHaveLength(1);
  });

  it('ends cleanly on stop(), waiting for the batch in flight', async () => {
    let release: () => void = () => undefined;
    const slow = {
      post: (batch: readonly IngestEventInput[]) =>
        new Promise<PostResult>((resolve) => {
          release = () => resolve({ kind: 'accepted', accepted: batch.length, duplicates: 0 });
        }),
    };
    const runner = new LoadRunner(counterSource(), slow, { rate: 100, batch: 100, concurrency: 1, duration: null, tickMs: 10 }, quiet);
    const done = runner.run();
    await new Promise((r) => setTimeout(r, 50));
    runner.stop('SIGTERM');
    setTimeout(() => release(), 20);
    const result = await done;
    expect(result).toEqual(expect.objectContaining({ exitCode: 0, unconfirmed: 0 }));
    expect(result.stats.accepted).toBe(result.stats.sent);
  });
});
