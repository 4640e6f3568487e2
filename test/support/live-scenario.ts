/**
 * The pipeline seen through the live channel, for the Redis topology tests: events posted over HTTP
 * are applied by the worker and pushed (worker → Redis → API → socket), an alert acknowledged through
 * the API is pushed by the API itself, the funnel reads back over REST, and every message each socket
 * got is what the contract's schemas describe — wall screens' without personal data.
 */
import { liveMessageSchemas, wallScreenMessageSchemas, type AlertMessage, type LiveServerEvents, type TransitionMessage } from '@leadboard/contracts';
import { io, type Socket } from 'socket.io-client';
import { callOutcome, leadCreated } from './events';
import { createTenant, getJson, login, postEvents, type Stack } from './stack';
import { waitFor } from './wait';

type Received = { event: keyof LiveServerEvents; msg: unknown }[];

async function liveSocket(stack: Stack, token: string, campaignId: string, sockets: Socket[]): Promise<Received> {
  const socket = io(`${stack.apiUrl}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  const got: Received = [];
  socket.onAny((event: keyof LiveServerEvents, msg: unknown) => got.push({ event, msg }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  expect(await socket.timeout(10_000).emitWithAck('subscribe', { campaignId })).toEqual({ ok: true, campaignIds: [campaignId] });
  // A malformed subscribe is answered with a clear refusal, not silence.
  const bad = (await socket.timeout(10_000).emitWithAck('subscribe', { campaignId: 42 })) as { ok: boolean; error: string };
  expect(bad).toEqual({ ok: false, error: expect.stringMatching(/^expected \{ campaignId \} or \{ tenant: true \}/) });
  return got;
}

export async function pipelineThroughLive(stack: Stack, campaignId: string): Promise<{ userMessages: number; wallMessages: number }> {
  const tenant = await createTenant(stack);
  const token = await login(stack, tenant.adminEmail, tenant.adminPassword);
  const sockets: Socket[] = [];
  try {
    const user = await liveSocket(stack, token, campaignId, sockets);
    const wall = await liveSocket(stack, tenant.wallToken, campaignId, sockets);

    const t0 = Date.now() - 60_000;
    const at = (s: number) => new Date(t0 + s * 1000);
    const res = await postEvents(stack, tenant.ingestKey, [
      leadCreated(campaignId, 'L-1', at(0)),
      leadCreated(campaignId, 'L-2', at(1)),
      leadCreated(campaignId, 'L-3', at(2)),
      callOutcome(campaignId, 'L-1', 'INTERESTED', at(10), { qualification: { need: true, budget: true, authority: true } }),
      callOutcome(campaignId, 'L-2', 'DNC', at(11)),
    ]);
    expect(res.status).toBe(202);
    const transitions = () => user.filter((m) => m.event === 'transition').map((m) => m.msg as TransitionMessage);
    await waitFor(() => transitions().length === 5, { timeoutMs: 30_000, what: '5 transitions on the socket' });
    expect(transitions().map((t) => t.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(transitions()).toContainEqual(expect.objectContaining({ leadId: 'L-1', from: 'new', to: 'prospect' }));
    await waitFor(async () => (await getJson<{ funnel: { new: number; prospect: number } }>(stack, `/api/v1/campaigns/${campaignId}/metrics`, token)).body.funnel.new === 3, {
      timeoutMs: 30_000,
      what: 'the funnel over REST',
    });
    await waitFor(() => user.some((m) => m.event === 'metrics'), { timeoutMs: 30_000, what: 'a metrics message' });

    // A call to the dnc lead: the worker raises an alert; a user acknowledges it through the API, which pushes it.
    expect((await postEvents(stack, tenant.ingestKey, [callOutcome(campaignId, 'L-2', 'NA', at(20), { operatorId: 'op-9' })])).status).toBe(202);
    const alertOf = (got: Received, state: string) => got.find((m) => m.event === 'alert' && (m.msg as AlertMessage).state === state)?.msg as AlertMessage | undefined;
    await waitFor(() => alertOf(user, 'raised') !== undefined, { timeoutMs: 30_000, what: 'the raised dnc alert' });
    const ack = await fetch(`${stack.apiUrl}/api/v1/alerts/${alertOf(user, 'raised')!.id}/ack`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(ack.status).toBe(200);
    await waitFor(() => alertOf(user, 'acknowledged') !== undefined && alertOf(wall, 'acknowledged') !== undefined, { timeoutMs: 30_000, what: 'the acknowledged alert on both sockets' });
    expect(alertOf(user, 'acknowledged')!.acknowledgedBy).toBe(tenant.adminEmail);
    expect(alertOf(wall, 'acknowledged')!.acknowledgedBy).toBeNull();

    for (const { event, msg } of user) expect({ event, issues: liveMessageSchemas[event].safeParse(msg).error?.issues ?? [] }).toEqual({ event, issues: [] });
    for (const { event, msg } of wall) expect({ event, issues: wallScreenMessageSchemas[event].safeParse(msg).error?.issues ?? [] }).toEqual({ event, issues: [] });
    expect(JSON.stringify(wall)).not.toContain(tenant.adminEmail);
    return { userMessages: user.length, wallMessages: wall.length };
  } finally {
    for (const s of sockets) s.close();
  }
}
