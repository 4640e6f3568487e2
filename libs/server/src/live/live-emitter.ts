/**
 * Where live messages travel in Redis. The API nodes run socket.io's sharded Redis adapter
 * (`createShardedAdapter`, sharded pub/sub: SSUBSCRIBE/SPUBLISH, Redis ≥ 7), which works the same on one
 * node, behind Sentinel and on a Cluster, where classic PUBLISH is copied to every node of the cluster.
 * The key is scoped by QUEUE_PREFIX so that deployments and test runs sharing one Redis never see each
 * other's messages (and, on a cluster, carries its hash tag: one shard holds the channel).
 */
import type { Namespace } from 'socket.io';

export function socketIoRedisKey(queuePrefix: string): string {
  return `${queuePrefix}:socket.io`;
}

/** The adapter's channel for every broadcast of a namespace (its `channelPrefix#nsp#`). */
export function liveBroadcastChannel(queuePrefix: string, namespace: string): string {
  return `${socketIoRedisKey(queuePrefix)}#${namespace}#`;
}

/** One message for the sockets in any of `rooms`: `[event, rooms, payload]`. */
export type LiveDelivery = [event: string, rooms: string[], payload: unknown];

/**
 * The server-side event a batch of deliveries travels as. A worker's set pushes one message per
 * transition (two when wall screens get a copy): thousands a second at full load. Published one by one,
 * each cost a Redis command in the worker, a message in Redis and a decode in every API node; a batch
 * costs one of each for all the messages pushed in the same turn of the publisher's event loop.
 */
export const LIVE_BATCH_EVENT = 'leadboard:live-batch';

/**
 * The sharded adapter's message for "emit `LIVE_BATCH_EVENT` with these deliveries on every server of
 * the namespace" (socket.io-adapter's ClusterAdapter format, a server-side emit without
 * acknowledgement). `@socket.io/redis-emitter` cannot be used for this: it publishes with PUBLISH in the
 * classic adapter's format, which sharded subscribers never receive (live-publisher.spec.ts shows it).
 * The constant is socket.io-adapter's MessageType.SERVER_SIDE_EMIT; the spec pins it against the real
 * adapter.
 */
const SERVER_SIDE_EMIT = 9;
/** Never a server's uid (those are random hex), so every API node, the publisher's own included, delivers it. */
export const LIVE_PUBLISHER_UID = 'leadboard-publisher';

export function liveBatchMessage(namespace: string, deliveries: readonly LiveDelivery[]): string {
  return JSON.stringify({ uid: LIVE_PUBLISHER_UID, nsp: namespace, type: SERVER_SIDE_EMIT, data: { packet: [LIVE_BATCH_EVENT, deliveries] } });
}

/**
 * Makes this server hand each batch's messages to its own sockets, in order: a socket in several of a
 * message's rooms gets one copy. `local`: every API node receives the batch and delivers to its sockets
 * only (an emit through the adapter would publish each message again). A malformed entry is skipped.
 */
export function deliverLiveBatches(nsp: Namespace): void {
  nsp.on(LIVE_BATCH_EVENT, (deliveries: unknown) => {
    if (!Array.isArray(deliveries)) return;
    for (const d of deliveries as unknown[]) {
      if (!Array.isArray(d) || typeof d[0] !== 'string' || !Array.isArray(d[1])) continue;
      nsp.local.to(d[1] as string[]).emit(d[0], d[2]);
    }
  });
}
