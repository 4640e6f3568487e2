/**
 * LivePublisher against the machine's Redis and socket.io's real sharded adapter, on two API nodes:
 * what the nodes deliver is what was published, users get messages whole and wall screens their copy,
 * a socket in two of the rooms gets one copy; the messages of one turn travel as one Redis message and
 * arrive in order on every node; `@socket.io/redis-emitter` does not reach the sharded adapter; an
 * unreachable Redis is counted, never thrown.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIVE_NAMESPACE, liveMessageSchemas, liveRooms, wallScreenMessageSchemas, type AlertMessage, type TransitionMessage } from '@leadboard/contracts';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import IORedis from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { loadAppConfig } from '../config/app-config';
import { LeadboardMetrics } from '../observability/leadboard-metrics';
import { deliverLiveBatches, liveBroadcastChannel, socketIoRedisKey } from './live-emitter';
import { LIVE_BATCH_MAX, LivePublisher } from './live-publisher';

jest.setTimeout(20_000);

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `lbit-live-${randomBytes(4).toString('hex')}`;
const T = 'tenant-1';
const C = 'camp-1';

const transition: TransitionMessage = {
  leadId: 'L-1', campaignId: C, from: null, to: 'new', at: '2026-11-23T09:00:00.000Z', operatorId: null, cause: 'lead.created', eventId: 'e-1', seq: 1, correction: false,
};
const acknowledged: AlertMessage = {
  id: 'a-1', campaignId: C, rule: 'dnc_violation', severity: 'critical', state: 'acknowledged', message: 'call to dnc lead L-1',
  messageKey: 'alerts.dnc_violation.call', params: { leadId: 'L-1' }, value: null, threshold: 0, raisedAt: '2026-11-23T09:00:00Z',
  acknowledgedAt: '2026-11-23T09:01:00Z', acknowledgedBy: 'giulia@example.it', resolvedAt: null, seq: 2,
};

/** An API node: an HTTP server with socket.io on the sharded adapter, delivering the publisher's batches as the gateway does. */
interface Node {
  http: HttpServer;
  io: Server;
  pub: IORedis;
  sub: IORedis;
  url: string;
}

const nodes: Node[] = [];
let pub: IORedis;
const sockets: Socket[] = [];

async function startNode(): Promise<Node> {
  const node = { http: createServer(), pub: new IORedis(REDIS_URL), sub: new IORedis(REDIS_URL) } as Node;
  node.io = new Server(node.http);
  node.io.adapter(createShardedAdapter(node.pub, node.sub, { channelPrefix: socketIoRedisKey(prefix), subscriptionMode: 'static' }));
  const nsp = node.io.of(LIVE_NAMESPACE);
  deliverLiveBatches(nsp);
  nsp.on('connection', (socket) => {
    void socket.join((socket.handshake.auth as { rooms: string[] }).rooms);
    socket.emit('joined');
  });
  await new Promise<void>((resolve) => node.http.listen(0, '127.0.0.1', resolve));
  node.url = `http://127.0.0.1:${(node.http.address() as AddressInfo).port}`;
  return node;
}

/** A client of node `n` whose server-side socket joins `rooms`, recording every event it receives. */
async function client(rooms: string[], n = 0): Promise<{ got: { event: string; msg: unknown }[] }> {
  const s = connect(`${nodes[n].url}${LIVE_NAMESPACE}`, { auth: { rooms }, transports: ['websocket'], reconnection: false });
  sockets.push(s);
  const got: { event: string; msg: unknown }[] = [];
  s.onAny((event: string, msg: unknown) => {
    if (event !== 'joined') got.push({ event, msg });
  });
  await new Promise<void>((resolve, reject) => {
    s.once('joined', () => resolve());
    s.once('connect_error', reject);
  });
  return { got };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  pub = new IORedis(REDIS_URL);
  nodes.push(await startNode(), await startNode());
  // Each adapter subscribes on creation; wait until Redis counts both sharded subscriptions.
  const channel = liveBroadcastChannel(prefix, LIVE_NAMESPACE);
  let subscribers = 0;
  for (let i = 0; i < 200 && subscribers < nodes.length; i++) {
    subscribers = ((await pub.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number])[1];
    if (subscribers < nodes.length) await new Promise((r) => setTimeout(r, 25));
  }
});

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const node of nodes) {
    await new Promise<void>((resolve) => node.io.close(() => resolve()));
    await Promise.all([node.pub.quit(), node.sub.quit()]);
  }
  await pub.quit();
});

function publisher(redisUrl = REDIS_URL): { live: LivePublisher; metrics: LeadboardMetrics } {
  const metrics = new LeadboardMetrics();
  return { live: new LivePublisher(loadAppConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }), metrics), metrics };
}

async function counter(metrics: LeadboardMetrics, name: string, event: string): Promise<number> {
  const m = (await metrics.registry.getSingleMetric(name)?.get())?.values.find((v) => v.labels.event === event);
  return m?.value ?? 0;
}

it('delivers through the sharded adapter: users get messages whole, once, and wall screens their copy', async () => {
  const user = await client([liveRooms.campaign(T, C), liveRooms.tenant(T)]);
  const wall = await client([liveRooms.wallCampaign(T, C)]);
  const otherTenant = await client([liveRooms.tenant('tenant-2')]);
  const { live, metrics } = publisher();
  try {
    live.transition(T, transition);
    live.alert(T, acknowledged);
    await live.settled();
    await until(() => user.got.length === 2 && wall.got.length === 2, 'both messages on both sockets');

    expect(user.got).toEqual([
      { event: 'transition', msg: transition },
      { event: 'alert', msg: acknowledged },
    ]);
    expect(wall.got).toEqual([
      { event: 'transition', msg: transition },
      { event: 'alert', msg: { ...acknowledged, acknowledgedBy: null } },
    ]);
    for (const { event, msg } of user.got) expect(liveMessageSchemas[event as 'alert'].safeParse(msg).error?.issues ?? []).toEqual([]);
    for (const { event, msg } of wall.got) expect(wallScreenMessageSchemas[event as 'alert'].safeParse(msg).error?.issues ?? []).toEqual([]);
    expect(otherTenant.got).toEqual([]);
    expect(await counter(metrics, 'leadboard_live_messages_published_total', 'alert')).toBe(2);
  } finally {
    await live.onApplicationShutdown();
  }
});

it('sends what is pushed in one turn as one Redis message per LIVE_BATCH_MAX, delivered in order by every node, once per socket', async () => {
  const onFirst = await client([liveRooms.campaign(T, C), liveRooms.tenant(T)], 0);
  const onSecond = await client([liveRooms.campaign(T, C)], 1);
  const channel = liveBroadcastChannel(prefix, LIVE_NAMESPACE);
  const spy = new IORedis(REDIS_URL);
  let published = 0;
  spy.on('smessageBuffer', () => published++);
  await spy.ssubscribe(channel);
  const { live, metrics } = publisher();
  const count = LIVE_BATCH_MAX + 10;
  try {
    for (let seq = 1; seq <= count; seq++) live.transition(T, { ...transition, eventId: `e-${seq}`, seq });
    await live.settled();
    await until(() => onFirst.got.length >= count && onSecond.got.length >= count, 'every message on both nodes');
    const seqs = Array.from({ length: count }, (_, i) => i + 1);
    expect(onFirst.got.map((g) => (g.msg as TransitionMessage).seq)).toEqual(seqs);
    expect(onSecond.got.map((g) => (g.msg as TransitionMessage).seq)).toEqual(seqs);
    // Same connection order: the spy has seen every batch once PING answers.
    await spy.ping();
    expect(published).toBe(2);
    expect(await counter(metrics, 'leadboard_live_messages_published_total', 'transition')).toBe(count);
  } finally {
    await live.onApplicationShutdown();
    await spy.quit();
  }
});

it('shows why the worker no longer uses @socket.io/redis-emitter: its PUBLISH never reaches sharded subscribers', async () => {
  const user = await client([liveRooms.campaign(T, C)]);
  const channel = liveBroadcastChannel(prefix, LIVE_NAMESPACE);
  // The adapter listens with SSUBSCRIBE only: classic subscribers of its channel are none.
  expect(await pub.call('PUBSUB', 'NUMSUB', channel)).toEqual([channel, 0]);
  expect(await pub.call('PUBSUB', 'SHARDNUMSUB', channel)).toEqual([channel, nodes.length]);

  const emitterRedis = new IORedis(REDIS_URL);
  const { live } = publisher();
  try {
    new Emitter(emitterRedis, { key: socketIoRedisKey(prefix) }).of(LIVE_NAMESPACE).to([liveRooms.campaign(T, C), liveRooms.tenant(T)]).emit('transition', { ...transition, seq: 90 });
    // Same connection, so the PUBLISH above was handled by Redis before this PING answers.
    await emitterRedis.ping();
    live.transition(T, { ...transition, seq: 91 });
    await live.settled();
    await until(() => user.got.length > 0, 'the publisher’s message');
    expect(user.got.map((g) => (g.msg as TransitionMessage).seq)).toEqual([91]);
  } finally {
    await live.onApplicationShutdown();
    await emitterRedis.quit();
  }
});

it('never throws nor leaves a rejection unhandled when Redis cannot be reached: it counts the failures', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  // A port nothing listens on: every publish fails after the connection's one retry.
  const { live, metrics } = publisher('redis://127.0.0.1:1/0');
  try {
    expect(() => {
      live.transition(T, transition);
      live.metrics(T, { campaignId: C, seq: 3, metrics: {} as never });
      live.importProgress(T, {} as never);
    }).not.toThrow();
    await live.settled();
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
    expect(await counter(metrics, 'leadboard_live_publish_failures_total', 'transition')).toBe(1);
    expect(await counter(metrics, 'leadboard_live_publish_failures_total', 'metrics')).toBe(1);
    expect(await counter(metrics, 'leadboard_live_publish_failures_total', 'import')).toBe(1);
    expect(await counter(metrics, 'leadboard_live_messages_published_total', 'transition')).toBe(0);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await live.onApplicationShutdown();
  }
});
