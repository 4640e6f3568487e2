/**
 * Personal callbacks (issue 5) against the real services: a CALLBACK outcome's callback shows in its
 * owner's load and is pushed when it comes due; it is released to the pool when its owner is offline
 * or when it is overdue by CALLBACK_RELEASE_AFTER_MS (audited, counted, pushed); a later contact or a
 * dnc cancels it; and it is handled by a worker started after the one that saw it was stopped.
 */
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { AuditEntry, CallbackSummary, OperatorMessage, OperatorView, ReassignedMessage } from '@leadboard/contracts';
import { callOutcome } from '../support/events';
import { connectLive, type LiveRecorder } from '../support/live-client';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { waitFor } from '../support/wait';

const RELEASE_AFTER_MS = 4000;
const C = 'c-callbacks';
let stack: Stack;
let tenant: TenantCredentials;
let token: string;
let socket: LiveRecorder;
const operatorMessages: OperatorMessage[] = [];
const reassigned: ReassignedMessage[] = [];

const uid = () => randomBytes(5).toString('hex');
const inMs = (ms: number) => new Date(Date.now() + ms);

function opState(operatorId: string, state: string) {
  return { eventId: `os-${uid()}`, type: 'operator.state', occurredAt: new Date().toISOString(), operatorId, state, campaignId: C, operator: { name: operatorId, seniority: 'senior' } };
}

async function ingest(events: unknown[]): Promise<void> {
  const res = await postEvents(stack, tenant.ingestKey, events);
  if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}

async function lead(id: string) {
  return (await getJson<{ ownerOperatorId: string | null; callbackAt: string | null; stage: string; attempts: number }>(stack, `/api/v1/leads/${id}`, token)).body;
}

async function operator(id: string): Promise<OperatorView | undefined> {
  return (await getJson<OperatorView[]>(stack, `/api/v1/operators?campaignId=${C}`, token)).body.find((o) => o.operatorId === id);
}

const summary = async () => (await getJson<CallbackSummary>(stack, `/api/v1/campaigns/${C}/callbacks`, token)).body;
const audit = async (leadId: string) => (await getJson<AuditEntry[]>(stack, `/api/v1/audit?leadId=${leadId}`, token)).body;

/** Schedules callbacks on new leads owned by `operatorId`, due in `dueInMs`, in one request, and waits until they are stored. */
async function scheduleCallback(leadIds: string | string[], operatorId: string, dueInMs: number): Promise<string> {
  const ids = [leadIds].flat();
  const callbackAt = inMs(dueInMs).toISOString();
  await ingest(ids.map((leadId) => callOutcome(C, leadId, 'CALLBACK', new Date(), { operatorId, callbackAt })));
  for (const leadId of ids) await waitFor(async () => (await lead(leadId))?.callbackAt === callbackAt, { what: `callback of ${leadId} stored` });
  return callbackAt;
}

beforeAll(async () => {
  stack = await startStack({ env: { CALLBACK_RELEASE_AFTER_MS: String(RELEASE_AFTER_MS), CALLBACK_SCAN_INTERVAL_MS: '200' } });
  tenant = await createTenant(stack, 'Callbacks');
  token = await login(stack, tenant.adminEmail, tenant.adminPassword);
  await ingest([opState('op-a', 'available'), opState('op-b', 'available'), opState('op-c', 'available'), opState('op-d', 'available')]);
  await waitFor(async () => (await getJson<unknown[]>(stack, '/api/v1/operators', token)).body.length === 4, { what: 'operators' });
  await ingest([callOutcome(C, 'seed', 'INTERESTED', new Date(), { operatorId: 'op-a' })]);
  await waitFor(async () => (await getJson(stack, `/api/v1/campaigns/${C}/metrics`, token)).status === 200, { what: 'campaign' });
  socket = await connectLive(stack.apiUrl, token);
  socket.socket.on('operator', (m: OperatorMessage) => operatorMessages.push(m));
  socket.socket.on('reassigned', (m: ReassignedMessage) => reassigned.push(m));
  expect(await socket.subscribe({ campaignId: C })).toMatchObject({ ok: true });
});

afterAll(async () => {
  socket?.close();
  await stack?.stop();
});

it('shows a due callback in its owner’s load and pushes it, then releases it to the pool once overdue', async () => {
  expect(await summary()).toMatchObject({ releasedTotal: 0, releaseAfterSeconds: RELEASE_AFTER_MS / 1000 });
  // Due in 5 s: time enough, on a busy machine, to read it as scheduled first.
  await scheduleCallback('CB-1', 'op-a', 5000);
  expect((await operator('op-a'))!.load!.callbacksDue).toBe(0);
  expect((await summary()).scheduled).toBe(1);

  await waitFor(async () => (await operator('op-a'))!.load!.callbacksDue === 1, { what: 'callback due in op-a load' });
  await waitFor(() => operatorMessages.some((m) => m.operatorId === 'op-a' && m.load?.callbacksDue === 1), { what: 'operator push for op-a' });
  // The push of the due callback, not an older one of op-a's (the seed's) that was published before the
  // snapshot was read and reached the socket after it joined (the dashboard drops those: seq ≤ snapshot's).
  const pushed = operatorMessages.find((m) => m.operatorId === 'op-a' && m.load?.callbacksDue === 1)!;
  expect(pushed).toMatchObject({ campaignId: C, seniority: 'senior', state: 'available' });
  expect(pushed.seq).toBeGreaterThan(socket.snapshots[0].seq);
  expect(reassigned.filter((m) => m.moves.some((x) => x.leadId === 'CB-1'))).toEqual([]);

  await waitFor(async () => (await lead('CB-1')).ownerOperatorId === null, { timeoutMs: RELEASE_AFTER_MS + 5000, what: 'CB-1 released' });
  const detail = await lead('CB-1');
  expect(detail.callbackAt).not.toBeNull(); // still to be called back, by anyone
  expect((await operator('op-a'))!.load!.callbacksDue).toBe(0);
  expect(await audit('CB-1')).toEqual([
    expect.objectContaining({
      action: 'callback_released',
      fromOperatorId: 'op-a',
      toOperatorId: null,
      actor: { kind: 'system', userId: null, email: null },
      reason: 'personal callback not made within 4 s of its time: released to the pool',
    }),
  ]);
  await waitFor(() => reassigned.some((m) => m.moves.some((x) => x.leadId === 'CB-1')), { what: 'reassigned push for CB-1' });
  expect(reassigned.find((m) => m.moves.some((x) => x.leadId === 'CB-1'))).toMatchObject({ action: 'callback_released', toOperatorId: null, by: { kind: 'system' } });
  expect(await summary()).toMatchObject({ inPool: 1, releasedToday: 1, releasedTotal: 1 });

  // Anyone may call it back now: the contact takes the lead and ends the callback.
  await ingest([callOutcome(C, 'CB-1', 'INTERESTED', new Date(), { operatorId: 'op-b' })]);
  await waitFor(async () => (await lead('CB-1')).ownerOperatorId === 'op-b', { what: 'CB-1 taken by op-b' });
  expect((await lead('CB-1')).callbackAt).toBeNull();
});

it('releases a due callback at once when its owner goes offline', async () => {
  await scheduleCallback('CB-2', 'op-c', 800);
  await waitFor(async () => (await operator('op-c'))!.load!.callbacksDue === 1, { what: 'callback due for op-c' });
  await ingest([opState('op-c', 'offline')]);
  await waitFor(async () => (await lead('CB-2')).ownerOperatorId === null, { what: 'CB-2 released' });
  // released because its owner went offline, not because it became overdue (the reason says which)
  expect(await audit('CB-2')).toEqual([
    expect.objectContaining({ fromOperatorId: 'op-c', reason: 'personal callback due while its owner is offline: released to the pool' }),
  ]);
});

it('is cancelled by a later contact or by dnc', async () => {
  // Due in 6 s: the contacts below arrive well before, even on a busy CI machine.
  const dueAt = Date.parse(await scheduleCallback(['CB-3', 'CB-4'], 'op-b', 6000));
  await ingest([callOutcome(C, 'CB-3', 'INTERESTED', new Date(), { operatorId: 'op-b' }), callOutcome(C, 'CB-4', 'DO_NOT_CALL', new Date(), { operatorId: 'op-b' })]);
  await waitFor(async () => (await lead('CB-3')).callbackAt === null && (await lead('CB-4')).callbackAt === null, { what: 'callbacks cancelled' });
  // Otherwise the run below proves nothing: the cancellations must have landed before the callbacks came due.
  expect(Date.now()).toBeLessThan(dueAt);
  // The sentinel: a callback of another owner, due no earlier than CB-3 and CB-4 would have been and left
  // to become overdue. The scan that releases it has passed the instants at which CB-3 and CB-4 would
  // have come due and become overdue, and its push comes after any push of theirs on this socket.
  const seen = reassigned.length;
  await scheduleCallback('CB-S', 'op-a', Math.max(0, dueAt - Date.now()));
  await waitFor(() => reassigned.slice(seen).some((m) => m.moves.some((x) => x.leadId === 'CB-S')), { timeoutMs: 6000 + RELEASE_AFTER_MS + 15_000, what: 'sentinel CB-S released' });
  expect(reassigned.slice(seen).flatMap((m) => m.moves.map((x) => x.leadId))).toEqual(['CB-S']);
  expect(await lead('CB-3')).toMatchObject({ ownerOperatorId: 'op-b', callbackAt: null });
  expect(await lead('CB-4')).toMatchObject({ ownerOperatorId: 'op-b', stage: 'dnc' });
  expect(await audit('CB-3')).toEqual([]);
  expect(await audit('CB-4')).toEqual([]);
  expect(operatorMessages.filter((m) => m.operatorId === 'op-b' && (m.load?.callbacksDue ?? 0) > 0)).toEqual([]);
});

it('survives a worker restart: a callback that came due while no worker ran is handled by the next one', async () => {
  await scheduleCallback('CB-5', 'op-d', 1000);
  const [worker] = stack.workers.filter((w) => w.exitCode === null && w.signalCode === null) as ChildProcess[];
  const exited = new Promise((r) => worker.once('exit', r));
  worker.kill('SIGTERM');
  await exited;

  // No worker runs: wait until the callback is overdue by the clock, then it must still be op-d's.
  const { callbackAt } = await lead('CB-5');
  await waitFor(() => Date.now() > Date.parse(callbackAt!) + RELEASE_AFTER_MS, { timeoutMs: 1000 + RELEASE_AFTER_MS + 5000, what: 'CB-5 overdue' });
  expect((await lead('CB-5')).ownerOperatorId).toBe('op-d'); // nobody released it: only workers do
  const seen = reassigned.length;

  await stack.startWorker();
  await waitFor(async () => (await lead('CB-5')).ownerOperatorId === null, { what: 'CB-5 released by the new worker' });
  expect((await audit('CB-5'))[0]).toMatchObject({ action: 'callback_released', fromOperatorId: 'op-d' });
  await waitFor(() => reassigned.slice(seen).some((m) => m.moves.some((x) => x.leadId === 'CB-5')), { what: 'reassigned push for CB-5' });
  expect((await summary()).releasedTotal).toBe(4); // CB-1, CB-2, the sentinel CB-S, CB-5
});
