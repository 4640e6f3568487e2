/**
 * Where live messages travel in Redis. The API nodes run socket.io's sharded Redis adapter
 * (`createShardedAdapter`, sharded pub/sub: SSUBSCRIBE/SPUBLISH, Redis ≥ 7), which works the same on one
 * node, behind Sentinel and on a Cluster, where classic PUBLISH is copied to every node of the cluster.
 * The key is scoped by QUEUE_PREFIX so that deployments and test runs sharing one Redis never see each
 * other's messages (and, on a cluster, carries its hash tag: one shard holds the channel).
 */
export function socketIoRedisKey(queuePrefix: string): string {
  return `${queuePrefix}:socket.io`;
}

/** The adapter's channel for every broadcast of a namespace (its `channelPrefix#nsp#`). */
export function liveBroadcastChannel(queuePrefix: string, namespace: string): string {
  return `${socketIoRedisKey(queuePrefix)}#${namespace}#`;
}

/**
 * The sharded adapter's message for "emit `event` with `payload` to the sockets in any of `rooms`"
 * (socket.io-adapter's ClusterAdapter format). `@socket.io/redis-emitter` cannot be used for this: it
 * publishes with PUBLISH in the classic adapter's format, which sharded subscribers never receive
 * (live-publisher.spec.ts shows it). Constants: socket.io-adapter's MessageType.BROADCAST and
 * socket.io-parser's PacketType.EVENT; the spec pins them against the real adapter.
 */
const BROADCAST = 3;
const EVENT_PACKET = 2;
/** Never a server's uid (those are random hex), so every API node, the publisher's own included, delivers it. */
export const LIVE_PUBLISHER_UID = 'leadboard-publisher';

export function liveBroadcastMessage(namespace: string, rooms: string[], event: string, payload: unknown): string {
  return JSON.stringify({
    uid: LIVE_PUBLISHER_UID,
    nsp: namespace,
    type: BROADCAST,
    data: { opts: { rooms, except: [], flags: {} }, packet: { type: EVENT_PACKET, data: [event, payload], nsp: namespace } },
  });
}
