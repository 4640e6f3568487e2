/**
 * The operator's tools on the built processes: `/metrics` of the API and of the worker (strict
 * Prometheus text, counters that move with the events, METRICS_TOKEN), the JSON logs (a request id
 * that follows the events into the worker; no query string, credential or personal data), and the
 * queue UI's door.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { callOutcome, leadCreated } from '../support/events';
import { parsePrometheusText, sumOfSamples, type Sample } from '../support/prometheus-text';
import { createTenant, freePort, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

const run = promisify(execFile);
const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
const OPERATOR_EMAIL = `ops-${randomBytes(3).toString('hex')}@example.test`;

let stack: Stack;
let tenant: TenantCredentials;
let workerMetricsUrl: string;

async function cli(args: string[]): Promise<Record<string, string>> {
  const { stdout } = await run(process.execPath, ['dist/apps/api/cli.js', ...args, '--json'], { cwd: ROOT, env: { ...process.env, ...stack.env } });
  return JSON.parse(stdout) as Record<string, string>;
}

/** The JSON lines the processes wrote (stack.logs() prefixes each chunk with the process name). */
function jsonLogLines(): Record<string, unknown>[] {
  return stack
    .logs()
    .split('\n')
    .map((l) => l.replace(/^\[[a-z0-9]+\] /, ''))
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

async function scrape(url: string): Promise<{ text: string; samples: Sample[] }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  const text = await res.text();
  return { text, samples: parsePrometheusText(text) };
}

beforeAll(async () => {
  const port = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  stack = await startStack({ env: { METRICS_TOKEN, WORKER_METRICS_PORT: String(port), LOG_LEVEL: 'info', QUEUE_BOARD_ADMINS: OPERATOR_EMAIL } });
  tenant = await createTenant(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('/metrics', () => {
  it('asks for METRICS_TOKEN when it is set, on the API and on the worker', async () => {
    expect((await fetch(`${stack.apiUrl}/metrics`)).status).toBe(401);
    expect((await fetch(workerMetricsUrl, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
  });

  it('is Prometheus text, whose ingested and applied counters move by the events sent', async () => {
    const before = { api: (await scrape(`${stack.apiUrl}/metrics`)).samples, worker: (await scrape(workerMetricsUrl)).samples };
    const ingested = (s: Sample[]) => sumOfSamples(s, 'leadboard_events_ingested_total', { tenant: tenant.tenantId, source: 'api' });
    const applied = (s: Sample[]) => sumOfSamples(s, 'leadboard_events_applied_total');
    const batches = (s: Sample[]) => sumOfSamples(s, 'leadboard_apply_batch_seconds_count');

    const events = [leadCreated('c-metrics', 'M-1'), leadCreated('c-metrics', 'M-2'), callOutcome('c-metrics', 'M-1', 'INTERESTED')];
    expect((await postEvents(stack, tenant.ingestKey, events)).status).toBe(202);

    const api = await scrape(`${stack.apiUrl}/metrics`);
    expect(ingested(api.samples) - ingested(before.api)).toBe(3);
    let worker = before.worker;
    await waitFor(async () => applied((worker = (await scrape(workerMetricsUrl)).samples)) - applied(before.worker) === 3, { what: 'applied +3 on the worker' });
    expect(batches(worker) - batches(before.worker)).toBe(1);

    // The API's own figures: HTTP by route pattern and status, queue depths, sockets, and Node's.
    expect(sumOfSamples(api.samples, 'leadboard_http_requests_total', { method: 'POST', route: '/api/v1/events', status: '202' })).toBeGreaterThanOrEqual(1);
    expect(api.samples.some((s) => s.name === 'leadboard_queue_waiting' && s.labels['queue'] === 'events')).toBe(true);
    expect(api.samples.some((s) => s.name === 'leadboard_queue_failed' && s.labels['queue'] === 'events')).toBe(true);
    expect(api.samples.some((s) => s.name === 'leadboard_live_sockets')).toBe(true);
    for (const samples of [api.samples, worker]) expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);

    // The reader is strict: the same text with a family's TYPE removed, or a broken sample, is refused.
    expect(() => parsePrometheusText(api.text.replace('# TYPE leadboard_events_ingested_total counter\n', ''))).toThrow(/before the TYPE/);
    expect(() => parsePrometheusText(`${api.text}leadboard_broken{queue="events" 1\n`)).toThrow(/not a sample/);
  });

  it("serves every metric deploy/grafana-dashboard.json queries (from the API or the worker)", async () => {
    const dashboard = readFileSync(join(ROOT, 'deploy', 'grafana-dashboard.json'), 'utf8');
    // Families, not samples: a labelled counter has no sample before its first event, but its TYPE is there.
    const queried = [...new Set([...dashboard.matchAll(/\b((?:leadboard|process|nodejs)_[a-z_]+)/g)].map((m) => m[1].replace(/_(bucket|sum|count)$/, '')))];
    const texts = [(await scrape(`${stack.apiUrl}/metrics`)).text, (await scrape(workerMetricsUrl)).text].join('\n');
    const served = new Set([...texts.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect(queried.length).toBeGreaterThan(8);
    expect(queried.filter((name) => !served.has(name))).toEqual([]);
  });

  it('labels requests with the route pattern, never the URL', async () => {
    const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
    const res = await fetch(`${stack.apiUrl}/api/v1/leads/L-private-4711?first_name=Mario`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    const { text, samples } = await scrape(`${stack.apiUrl}/metrics`);
    expect(sumOfSamples(samples, 'leadboard_http_requests_total', { method: 'GET', route: '/api/v1/leads/:id', status: '404' })).toBe(1);
    expect(text).not.toMatch(/L-private-4711|Mario/);
  });
});

describe('logs', () => {
  it('follow a request into the worker by its id, and hold no query string, credential, body or personal data', async () => {
    const requestId = `ops-test-${randomBytes(4).toString('hex')}`;
    const secretInQuery = `key-in-query-${randomBytes(6).toString('hex')}`;
    const body = JSON.stringify({ events: [leadCreated('c-logs', 'P-1', new Date(), { lead: { source: 'web_form', name: 'Mario Segreto', phone: '+39 347 555 0199' } })] });
    const res = await fetch(`${stack.apiUrl}/api/v1/events?key=${secretInQuery}&first_name=Mario`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.ingestKey}`, 'content-type': 'application/json', 'x-request-id': requestId },
      body,
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    // A refused body is not logged either.
    const refused = await fetch(`${stack.apiUrl}/api/v1/events?first_name=Mario`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'lead.created', leadId: 'Mario Segreto' }),
    });
    expect(refused.status).toBe(400);

    await waitFor(() => jsonLogLines().some((l) => l['process'] === 'worker' && l['requestId'] === requestId && l['msg'] === 'batch applied'), {
      what: "the worker's log line for the request",
    });
    const apiLine = jsonLogLines().find((l) => l['process'] === 'api' && (l['req'] as { id?: string } | undefined)?.id === requestId);
    expect(apiLine).toMatchObject({ req: { id: requestId, method: 'POST', path: '/api/v1/events' }, res: { statusCode: 202 }, route: '/api/v1/events' });

    const logs = stack.logs();
    for (const secret of [secretInQuery, 'first_name', 'Mario', 'Segreto', '555 0199', tenant.ingestKey, 'Bearer']) expect(logs).not.toContain(secret);
  });

  it('replace a request id that is not plain with a new one', async () => {
    const res = await fetch(`${stack.apiUrl}/health/live`, { headers: { 'x-request-id': 'two words; and more' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('/admin/queues', () => {
  it('is closed without an admin: 401 (a sign-in page for a browser), 403 for a supervisor', async () => {
    expect((await fetch(`${stack.apiUrl}/admin/queues`)).status).toBe(401);
    const page = await fetch(`${stack.apiUrl}/admin/queues`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('<script src="/admin/queues/sign-in.js">');
    expect((await fetch(`${stack.apiUrl}/admin/queues/sign-in.js`)).status).toBe(200);
    expect((await fetch(`${stack.apiUrl}/admin/queues`, { headers: { authorization: `Bearer ${tenant.ingestKey}` } })).status).toBe(403);

    const supervisor = await cli(['user:create', '--tenant', tenant.tenantId, '--email', `sup-${randomBytes(3).toString('hex')}@example.test`, '--role', 'supervisor']);
    const token = await login(stack, supervisor['email'], supervisor['password']);
    expect((await fetch(`${stack.apiUrl}/admin/queues`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    expect((await fetch(`${stack.apiUrl}/api/v1/admin/queues/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
  });

  it("opens for an admin's browser with a short-lived HttpOnly cookie, read-only unless QUEUE_BOARD_ADMINS names them", async () => {
    const operator = await cli(['user:create', '--tenant', tenant.tenantId, '--email', OPERATOR_EMAIL, '--role', 'admin']);
    for (const [email, password, mode] of [
      [tenant.adminEmail, tenant.adminPassword, 'read-only'],
      [operator['email'], operator['password'], 'full'],
    ]) {
      const token = await login(stack, email, password);
      const session = await fetch(`${stack.apiUrl}/api/v1/admin/queues/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({ url: '/admin/queues', mode });
      const cookie = session.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/^lb_queue_board=[^;]+; Max-Age=900; Path=\/admin\/queues; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
      const pair = cookie.split(';')[0];

      const board = await fetch(`${stack.apiUrl}/admin/queues`, { headers: { cookie: pair } });
      expect(board.status).toBe(200);
      expect(await board.text()).toContain(mode === 'full' ? '<title>Leadboard queues</title>' : '<title>Leadboard queues (read-only)</title>');
      const queues = (await (await fetch(`${stack.apiUrl}/admin/queues/api/queues?activeQueue=events&status=completed`, { headers: { cookie: pair } })).json()) as {
        queues: { name: string; readOnlyMode: boolean; jobs: { data: unknown }[] }[];
      };
      expect(queues.queues.map((q) => q.name)).toEqual(['events']);
      expect(queues.queues[0].readOnlyMode).toBe(mode === 'read-only');
      // Job data as ids and counts: never the events (names, phones) of any tenant.
      expect(queues.queues[0].jobs.length).toBeGreaterThan(0);
      expect(JSON.stringify(queues.queues[0].jobs.map((j) => j.data))).not.toMatch(/Name of|Segreto|\+39/);

      // The cookie is not an API credential.
      expect((await fetch(`${stack.apiUrl}/api/v1/me`, { headers: { authorization: `Bearer ${pair.split('=')[1]}` } })).status).toBe(401);
    }
  });
});
