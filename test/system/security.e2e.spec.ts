/**
 * Safe to expose, as a user (and an attacker) would meet it, with the built API and worker:
 * - no built-in signing secret: the API will not start without one, and a token signed with any
 *   well-known string, with no kid, or with `alg: none` is refused;
 * - login throttling per e-mail and per address (the 6th failure in a minute is a 429 with Retry-After);
 * - an ingest key over RATE_LIMIT_INGEST gets 429 + Retry-After, and every accepted event is applied;
 * - sessions end at once across API processes: a disabled user's token, a revoked wall token and
 *   their open sockets (a second API process shows the change crossed processes through Redis);
 * - subscribe throttling, the socket's Origin check, security headers, readiness without error text;
 * - the security audit records refusals and changes, and no secret.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { AccessKeyView, KeyCreated, SecurityAuditEntry, UserAccount, UserCreated } from '@leadboard/contracts';
import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { leadCreated } from '../support/events';
import { connectLive, type LiveRecorder } from '../support/live-client';
import { createTenant, freePort, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { waitForDrainedQueue } from '../support/queues';
import { ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

const run = promisify(execFile);
const INGEST_LIMIT = 5;
const SUBSCRIBE_LIMIT = 3;

let stack: Stack;
let tenant: TenantCredentials;
let admin: string;
/** A second API process on the same database and Redis: changes made on one must hold on the other at once. */
let secondApi: { url: string; proc: ChildProcess; log: string[] };

async function call<T = unknown>(path: string, token: string | null, init: { method?: string; body?: unknown; headers?: Record<string, string>; base?: string } = {}) {
  const res = await fetch(`${init.base ?? stack.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json().catch(() => null)) as T };
}

const loginAttempt = (email: string, password: string, ip: string) =>
  call<{ accessToken?: string; message?: string }>('/api/v1/auth/login', null, { method: 'POST', body: { email, password }, headers: { 'x-forwarded-for': ip } });

async function startSecondApi(env: Record<string, string> = {}): Promise<typeof secondApi> {
  const port = await freePort();
  const log: string[] = [];
  const proc = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: ROOT, env: { ...process.env, ...stack.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const s of [proc.stdout, proc.stderr]) s?.on('data', (c: Buffer) => log.push(c.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => null))?.ok === true, { timeoutMs: 30_000, what: 'second API ready' });
  return { url, proc, log };
}

function disconnected(rec: LiveRecorder): Promise<string> {
  return new Promise((resolve) => rec.socket.once('disconnect', (reason) => resolve(reason)));
}

beforeAll(async () => {
  stack = await startStack({
    env: {
      RATE_LIMIT_INGEST: String(INGEST_LIMIT),
      RATE_LIMIT_SUBSCRIBE: String(SUBSCRIBE_LIMIT),
      // Sockets are re-checked on the interval only after this test is over: what ends them here is the change itself.
      LIVE_RECHECK_INTERVAL_MS: '600000',
    },
  });
  tenant = await createTenant(stack);
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
  secondApi = await startSecondApi();
}, 120_000);

afterAll(async () => {
  if (secondApi && secondApi.proc.exitCode === null) {
    const exited = new Promise((r) => secondApi.proc.once('exit', r));
    secondApi.proc.kill('SIGTERM');
    await exited;
  }
  await stack?.stop();
});

describe('signing secrets', () => {
  it('refuses to start the API without a secret, or with a weak one, naming JWT_SECRET', async () => {
    for (const secret of ['', 'leadboard-dev-secret-not-for-production', randomBytes(16).toString('hex')]) {
      const err = (await run(process.execPath, ['dist/apps/api/main.js'], { cwd: ROOT, env: { ...process.env, ...stack.env, JWT_SECRET: secret }, timeout: 20_000 }).catch(
        (e: unknown) => e,
      )) as { code: number; stderr: string };
      expect(err.code).toBe(2);
      expect(err.stderr).toContain('JWT_SECRET');
    }
  });

  it('refuses tokens signed with a built-in string, with no or another kid, or unsigned', async () => {
    const me = await call<{ tenantId: string }>('/api/v1/me', admin);
    expect(me.status).toBe(200);
    const { header, payload } = jwt.decode(admin, { complete: true }) as { header: { kid: string; alg: string }; payload: Record<string, unknown> };
    expect(header).toMatchObject({ alg: 'HS256', kid: expect.any(String) });
    const claims = { sub: payload.sub, tid: payload.tid, ver: payload.ver };
    const forged = [
      jwt.sign(claims, 'leadboard-dev-secret-not-for-production', { algorithm: 'HS256', expiresIn: 600 }),
      jwt.sign(claims, 'leadboard-dev-secret-not-for-production', { algorithm: 'HS256', expiresIn: 600, keyid: header.kid }),
      jwt.sign(claims, 'secret', { algorithm: 'HS256', expiresIn: 600, keyid: header.kid }),
      jwt.sign(claims, randomBytes(32).toString('base64'), { algorithm: 'HS256', expiresIn: 600, keyid: 'another-kid' }),
      jwt.sign(claims, '', { algorithm: 'none', expiresIn: 600, keyid: header.kid } as jwt.SignOptions),
    ];
    for (const token of forged) {
      expect((await call('/api/v1/me', token)).status).toBe(401);
      await expect(connectLive(stack.apiUrl, token)).rejects.toThrow('unauthorized');
    }
  });
});

describe('secret rotation', () => {
  it('keeps tokens of the previous secret valid where JWT_SECRET_PREVIOUS names it, and signs with the new one', async () => {
    const rotated = await startSecondApi({ JWT_SECRET: randomBytes(32).toString('base64'), JWT_SECRET_PREVIOUS: stack.env.JWT_SECRET });
    try {
      // a session opened before the rotation goes on
      expect((await call('/api/v1/me', admin, { base: rotated.url })).status).toBe(200);
      // a new one is signed with the new secret, under another kid, which the old API does not know
      const res = await call<{ accessToken: string }>('/api/v1/auth/login', null, { method: 'POST', base: rotated.url, body: { email: tenant.adminEmail, password: tenant.adminPassword } });
      const fresh = res.body.accessToken;
      expect(jwt.decode(fresh, { complete: true })?.header.kid).not.toBe(jwt.decode(admin, { complete: true })?.header.kid);
      expect((await call('/api/v1/me', fresh, { base: rotated.url })).status).toBe(200);
      expect((await call('/api/v1/me', fresh)).status).toBe(401);
    } finally {
      const exited = new Promise((r) => rotated.proc.once('exit', r));
      rotated.proc.kill('SIGTERM');
      await exited;
    }
  });
});

describe('login throttling', () => {
  it('refuses the 6th attempt after 5 failures for one e-mail in a minute (429, Retry-After), whatever the password and address', async () => {
    const sup = await call<UserCreated>('/api/v1/admin/users', admin, { method: 'POST', body: { email: `throttled-${randomBytes(3).toString('hex')}@example.it`, role: 'supervisor' } });
    expect(sup.status).toBe(201);
    for (let i = 1; i <= 5; i++) expect((await loginAttempt(sup.body.email, 'wrong password', `10.1.0.${i}`)).status).toBe(401);
    const sixth = await loginAttempt(sup.body.email, sup.body.password, '10.1.0.6');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(sixth.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another account from those addresses is not affected.
    expect((await loginAttempt(tenant.adminEmail, tenant.adminPassword, '10.1.0.7')).status).toBe(200);
  });

  it('refuses the 6th attempt after 5 failures from one address, whatever the e-mail', async () => {
    for (let i = 1; i <= 5; i++) expect((await loginAttempt(`nobody-${i}@example.it`, 'guess', '10.2.0.1')).status).toBe(401);
    const sixth = await loginAttempt(tenant.adminEmail, tenant.adminPassword, '10.2.0.1');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await loginAttempt(tenant.adminEmail, tenant.adminPassword, '10.2.0.2')).status).toBe(200);
  });

  it('answers an unknown e-mail exactly as a wrong password', async () => {
    const unknown = await loginAttempt('nobody-at-all@example.it', 'guess', '10.3.0.1');
    const wrong = await loginAttempt(tenant.adminEmail, 'guess', '10.3.0.2');
    expect([unknown.status, unknown.body]).toEqual([wrong.status, wrong.body]);
  });
});

describe('ingest rate limit', () => {
  it('answers 429 with Retry-After over the per-key limit, and applies every event it accepted', async () => {
    const key = await call<KeyCreated>('/api/v1/admin/keys', admin, { method: 'POST', body: { kind: 'ingest', label: 'burst' } });
    expect(key.status).toBe(201);
    const ids = Array.from({ length: 4 * INGEST_LIMIT }, (_, i) => `RL-${i}`);
    const answers = await Promise.all(ids.map((id) => postEvents(stack, key.body.key, [leadCreated('c-rate', id)])));
    const accepted = ids.filter((_, i) => answers[i].status === 202);
    const limited = answers.filter((r) => r.status === 429);
    expect(accepted.length + limited.length).toBe(ids.length);
    expect(accepted.length).toBeGreaterThan(0);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await r.json()) as { message: string }).message).toMatch(/nothing was queued/);
    }
    // Exactly the accepted ones are applied: a 429 queued nothing, a 202 lost nothing.
    await waitFor(async () => (await getJson<{ funnel: { new: number } }>(stack, '/api/v1/campaigns/c-rate/metrics', admin)).body?.funnel?.new === accepted.length, {
      what: `${accepted.length} accepted leads applied`,
    });
    // Every job queued (by a 202, or wrongly by a 429) has been handled once the queue is empty.
    await waitForDrainedQueue(stack, 'events');
    const applied = await Promise.all(ids.map(async (id) => (await getJson(stack, `/api/v1/leads/${id}`, admin)).status === 200));
    expect(ids.filter((_, i) => applied[i])).toEqual(accepted);
    // Users are not limited by an ingest key's budget.
    expect((await call('/api/v1/campaigns', admin)).status).toBe(200);
  });
});

describe('sessions end when they should', () => {
  it('refuses a disabled user’s token at once, on every API process, and closes their socket', async () => {
    const created = await call<UserCreated>('/api/v1/admin/users', admin, { method: 'POST', body: { email: `giulia-${randomBytes(3).toString('hex')}@example.it`, role: 'manager' } });
    const token = await login(stack, created.body.email, created.body.password);
    // Both processes have read (and cached) the user.
    expect((await call('/api/v1/me', token)).status).toBe(200);
    expect((await call('/api/v1/me', token, { base: secondApi.url })).status).toBe(200);
    const socket = await connectLive(secondApi.url, token);
    const closed = disconnected(socket);

    const disabled = await call<UserAccount>(`/api/v1/admin/users/${created.body.userId}`, admin, { method: 'PATCH', body: { disabled: true } });
    expect(disabled.body).toMatchObject({ disabled: true });
    expect((await call('/api/v1/me', token)).status).toBe(401);
    expect((await call('/api/v1/me', token, { base: secondApi.url })).status).toBe(401);
    expect(await closed).toBe('io server disconnect');
    expect((await loginAttempt(created.body.email, created.body.password, '10.4.0.1')).status).toBe(401);

    // Enabled again: a new login works; the old token stays refused.
    await call(`/api/v1/admin/users/${created.body.userId}`, admin, { method: 'PATCH', body: { disabled: false } });
    const again = await login(stack, created.body.email, created.body.password);
    expect((await call('/api/v1/me', again, { base: secondApi.url })).status).toBe(200);
    expect((await call('/api/v1/me', token)).status).toBe(401);

    // A role change applies at once: the manager's session ends, the new one is a supervisor's.
    expect((await call('/api/v1/campaigns/c-rate/reassignment-suggestions', again)).status).toBe(200);
    await call(`/api/v1/admin/users/${created.body.userId}`, admin, { method: 'PATCH', body: { role: 'supervisor' } });
    expect((await call('/api/v1/me', again, { base: secondApi.url })).status).toBe(401);
    const asSupervisor = await login(stack, created.body.email, created.body.password);
    expect((await call('/api/v1/campaigns/c-rate/reassignment-suggestions', asSupervisor)).status).toBe(403);

    // An administrator cannot lock themselves out.
    const me = (await call<UserAccount[]>('/api/v1/admin/users', admin)).body.find((u) => u.email === tenant.adminEmail)!;
    expect((await call(`/api/v1/admin/users/${me.userId}`, admin, { method: 'PATCH', body: { disabled: true } })).status).toBe(422);
  });

  it('disconnects a revoked wall token’s open socket, revoked through the API or the CLI', async () => {
    const viaApi = await call<KeyCreated>('/api/v1/admin/keys', admin, { method: 'POST', body: { kind: 'wall', label: 'hall TV' } });
    const viaCli = await call<KeyCreated>('/api/v1/admin/keys', admin, { method: 'POST', body: { kind: 'wall', label: 'canteen TV' } });
    const sockets = await Promise.all([connectLive(stack.apiUrl, viaApi.body.key), connectLive(secondApi.url, viaCli.body.key)]);
    for (const s of sockets) expect(await s.subscribe({ tenant: true })).toMatchObject({ ok: true });
    const closed = sockets.map(disconnected);

    expect((await call<AccessKeyView>(`/api/v1/admin/keys/${viaApi.body.keyId}/revoke`, admin, { method: 'POST' })).body).toMatchObject({ state: 'revoked' });
    expect(await closed[0]).toBe('io server disconnect');
    const { stdout } = await run(process.execPath, ['dist/apps/api/cli.js', 'key:revoke', '--tenant', tenant.tenantId, '--key', viaCli.body.keyId, '--json'], {
      cwd: ROOT,
      env: { ...process.env, ...stack.env },
    });
    expect(JSON.parse(stdout)).toMatchObject({ keyId: viaCli.body.keyId, state: 'revoked' });
    expect(await closed[1]).toBe('io server disconnect');
    for (const key of [viaApi.body.key, viaCli.body.key]) {
      expect((await call('/api/v1/campaigns', key, { base: secondApi.url })).status).toBe(401);
      await expect(connectLive(stack.apiUrl, key)).rejects.toThrow('unauthorized');
    }
  });

  it('lists keys without their secret, and refuses a key past its expiry', async () => {
    const key = await call<KeyCreated>('/api/v1/admin/keys', admin, { method: 'POST', body: { kind: 'wall', campaignIds: ['c-rate'], expiresAt: new Date(Date.now() + 3_000).toISOString() } });
    expect(key.status).toBe(201);
    expect((await call('/api/v1/campaigns', key.body.key)).status).toBe(200);
    const listed = await call<AccessKeyView[]>('/api/v1/admin/keys', admin);
    expect(JSON.stringify(listed.body)).not.toContain(key.body.key);
    expect(listed.body.find((k) => k.keyId === key.body.keyId)).toMatchObject({ kind: 'wall', state: 'active', campaignIds: ['c-rate'] });
    await waitFor(async () => (await call('/api/v1/campaigns', key.body.key)).status === 401, { what: 'expired key refused' });
    expect((await call<AccessKeyView[]>('/api/v1/admin/keys', admin)).body.find((k) => k.keyId === key.body.keyId)?.state).toBe('expired');
    expect((await call('/api/v1/admin/keys', key.body.key)).status).toBe(401);
    expect((await call('/api/v1/admin/keys', tenant.wallToken)).status).toBe(403);
  });
});

describe('live channel edges', () => {
  it('answers subscribes over the per-socket limit with an error', async () => {
    const socket = await connectLive(stack.apiUrl, tenant.wallToken);
    try {
      for (let i = 0; i < SUBSCRIBE_LIMIT; i++) expect((await socket.subscribe({ tenant: true })).ok).toBe(true);
      expect(await socket.subscribe({ tenant: true })).toEqual({ ok: false, error: expect.stringMatching(/too many subscribe messages: retry in \d+ s/) });
    } finally {
      socket.close();
    }
  });

  it('refuses a browser page of another origin, and admits the same origin and clients without one', async () => {
    const open = (origin: string | null) =>
      new Promise<string>((resolve) => {
        const s = io(`${stack.apiUrl}/live`, {
          auth: { token: tenant.wallToken },
          transports: ['websocket'],
          reconnection: false,
          extraHeaders: origin ? { origin } : {},
        });
        s.once('connect', () => (s.close(), resolve('connected')));
        s.once('connect_error', () => (s.close(), resolve('refused')));
      });
    expect(await open('https://evil.example')).toBe('refused');
    expect(await open(stack.apiUrl)).toBe('connected');
    expect(await open(null)).toBe('connected');
  });
});

describe('hardened edges', () => {
  it('sends security headers, and says which dependency is down without error text', async () => {
    const res = await fetch(`${stack.apiUrl}/api/v1/campaigns`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'[;]/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    const ready = await fetch(`${stack.apiUrl}/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ok', postgres: 'up', redis: 'up' });
  });
});

describe('security audit', () => {
  it('records refusals, logins and account changes for admins, without secrets', async () => {
    // A refused request of each kind, by this tenant's credentials.
    expect((await call('/api/v1/admin/dead-letters', tenant.wallToken)).status).toBe(403);
    const isIt = (e: SecurityAuditEntry) => e.event === 'request.refused' && e.status === 403 && e.route === '/api/v1/admin/dead-letters';
    await waitFor(async () => (await call<SecurityAuditEntry[]>('/api/v1/security-audit?event=request.refused', admin)).body.some(isIt), {
      what: 'the 403 in the audit',
    });
    const { status, body } = await call<SecurityAuditEntry[]>('/api/v1/security-audit?limit=500', admin);
    expect(status).toBe(200);
    const events = new Set(body.map((e) => e.event));
    for (const e of ['login.succeeded', 'login.failed', 'login.throttled', 'request.refused', 'user.created', 'user.disabled', 'user.enabled', 'user.role_changed', 'key.created', 'key.revoked', 'socket.disconnected']) {
      expect([e, events.has(e as SecurityAuditEntry['event'])]).toEqual([e, true]);
    }
    expect(body.find(isIt)).toMatchObject({ actor: { kind: 'wall' }, ip: expect.any(String), detail: { method: 'GET' } });
    const throttled = body.find((e) => e.event === 'request.refused' && e.status === 429);
    expect(throttled?.actor.kind).toBe('ingest');
    expect(body.find((e) => e.event === 'key.revoked' && e.actor.kind === 'cli')).toBeDefined();
    const text = JSON.stringify(body);
    for (const secret of [tenant.adminPassword, tenant.ingestKey, tenant.wallToken, admin, 'wrong password', 'nobody-1@example.it']) expect(text).not.toContain(secret);
    expect((await call('/api/v1/security-audit', tenant.wallToken)).status).toBe(403);
  });
});
