/** Users added with the CLI log in with their role; a wall token limited to campaigns sees only those. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { leadCreated } from '../support/events';
import { connectLive } from '../support/live-client';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

const run = promisify(execFile);
let stack: Stack;
let tenant: TenantCredentials;

async function cli(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['dist/apps/api/cli.js', ...args, '--json'], { cwd: ROOT, env: { ...process.env, ...stack.env } });
  return JSON.parse(stdout) as Record<string, unknown>;
}

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack);
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-north', 'N-1'), leadCreated('c-south', 'S-1')])).status).toBe(202);
  const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
  await waitFor(async () => (await getJson<unknown[]>(stack, '/api/v1/campaigns', token)).body.length === 2, { what: 'two campaigns' });
});

afterAll(async () => {
  await stack?.stop();
});

it('a supervisor created with user:create logs in and reads, but is not an admin', async () => {
  const user = await cli(['user:create', '--tenant', tenant.tenantId, '--email', `Sup-${Date.now()}@Example.com`, '--role', 'supervisor']);
  expect(user.email).toMatch(/^sup-\d+@example\.com$/);
  const token = await login(stack, String(user.email), String(user.password));
  expect((await getJson<{ role: string }>(stack, '/api/v1/me', token)).body).toMatchObject({ kind: 'user', role: 'supervisor' });
  expect((await getJson(stack, '/api/v1/campaigns/c-north/metrics', token)).status).toBe(200);
  expect((await getJson(stack, '/api/v1/admin/dead-letters', token)).status).toBe(403);
  const wrong = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: 'wrong password' }),
  });
  expect(wrong.status).toBe(401);
  const bad = await fetch(`${stack.apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"not-an-email"}' });
  expect(bad.status).toBe(400);
});

it('a wall token limited to one campaign sees only that campaign, over REST and the socket', async () => {
  const { key } = await cli(['key:create', '--tenant', tenant.tenantId, '--kind', 'wall', '--campaigns', 'c-north']);
  const wall = String(key);
  expect(String(wall)).toMatch(/^lbw_/);
  expect((await getJson<{ campaignId: string }[]>(stack, '/api/v1/campaigns', wall)).body.map((c) => c.campaignId)).toEqual(['c-north']);
  expect((await getJson(stack, '/api/v1/campaigns/c-south/metrics', wall)).status).toBe(404);
  expect((await getJson(stack, '/api/v1/leads/S-1', wall)).status).toBe(404);
  expect((await getJson(stack, '/api/v1/leads/N-1', wall)).status).toBe(200);

  const socket = await connectLive(stack.apiUrl, wall);
  try {
    expect(await socket.subscribe({ campaignId: 'c-south' })).toEqual({ ok: false, error: 'campaign not found' });
    expect(await socket.subscribe({ tenant: true })).toEqual({ ok: true, campaignIds: ['c-north'] });
    expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-south', 'S-2'), leadCreated('c-north', 'N-2')])).status).toBe(202);
    await waitFor(() => socket.transitions.some((t) => t.leadId === 'N-2'), { what: 'c-north transition' });
    // The sentinel: a later batch of c-north. A push of S-2 (the batch before) would have come before it.
    expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-north', 'N-3')])).status).toBe(202);
    await waitFor(() => socket.transitions.some((t) => t.leadId === 'N-3'), { what: 'the sentinel N-3' });
    expect(socket.transitions.map((t) => t.campaignId)).not.toContain('c-south');
  } finally {
    socket.close();
  }
});
