import { IngestClient, parseRetryAfter, type FetchLike } from './ingest.client';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function fakeFetch(answer: Answer) {
  const calls: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers, body: init.body });
    if (answer instanceof Error) throw answer;
    return {
      status: answer.status,
      headers: { get: (name: string) => answer.headers?.[name.toLowerCase()] ?? null },
      text: async () => (typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {})),
    };
  };
  return { fetch, calls };
}

const events = [{ eventId: 'e-1', type: 'operator.state' as const, occurredAt: '2026-11-23T09:00:00Z', operatorId: 'op-1', state: 'available' as const }];

describe('IngestClient', () => {
  it('posts {events} to /api/v1/events with the bearer key and reads the 202', async () => {
    const { fetch, calls } = fakeFetch({ status: 202, body: { accepted: 1, duplicates: 0 } });
    const client = new IngestClient({ url: 'http://h:3000/', key: 'secret', fetch });
    await expect(client.post(events)).resolves.toEqual({ kind: 'accepted', accepted: 1, duplicates: 0 });
    expect(calls[0].url).toBe('http://h:3000/api/v1/events');
    expect(calls[0].headers['authorization']).toBe('Bearer secret');
    expect(JSON.parse(calls[0].body)).toEqual({ events });
  });

  it('asks for a retry after Retry-After on 429 and 503 (1 s when absent)', async () => {
    const throttled = new IngestClient({ url: 'http://h', key: 'k', fetch: fakeFetch({ status: 429, headers: { 'retry-after': '2' } }).fetch });
    await expect(throttled.post(events)).resolves.toEqual(expect.objectContaining({ kind: 'retry', afterMs: 2000, throttled: true }));
    const unavailable = new IngestClient({ url: 'http://h', key: 'k', fetch: fakeFetch({ status: 503 }).fetch });
    await expect(unavailable.post(events)).resolves.toEqual(expect.objectContaining({ kind: 'retry', afterMs: 1000, throttled: true }));
  });

  it("retries network errors and 5xx with the runner's backoff", async () => {
    const down = new IngestClient({ url: 'http://h', key: 'k', fetch: fakeFetch(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })).fetch });
    await expect(down.post(events)).resolves.toEqual({ kind: 'retry', afterMs: null, throttled: false, reason: 'network: connect ECONNREFUSED' });
    const broken = new IngestClient({ url: 'http://h', key: 'k', fetch: fakeFetch({ status: 500, body: 'boom' }).fetch });
    await expect(broken.post(events)).resolves.toEqual(expect.objectContaining({ kind: 'retry', afterMs: null, throttled: false }));
  });

  it("stops on a 400 with the server's errors, and on a refused key", async () => {
    const errors = [{ index: 0, path: 'state', message: 'must be one of …' }];
    const bad = new IngestClient({ url: 'http://h', key: 'k', fetch: fakeFetch({ status: 400, body: { errors } }).fetch });
    await expect(bad.post(events)).resolves.toEqual({ kind: 'fatal', status: 400, message: expect.stringContaining('simulator bug'), errors });
    const refused = new IngestClient({ url: 'http://h', key: 'k', fetch: fakeFetch({ status: 401, body: { message: 'Unauthorized' } }).fetch });
    await expect(refused.post(events)).resolves.toEqual(expect.objectContaining({ kind: 'fatal', message: expect.stringContaining('--key') }));
  });

  it('reads Retry-After as seconds or as an HTTP date, capped at a minute', () => {
    const now = Date.parse('2026-11-23T09:00:00Z');
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('3600', now)).toBe(60_000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
