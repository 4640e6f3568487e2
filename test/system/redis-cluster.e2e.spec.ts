/**
 * Leadboard on a Redis Cluster of three masters started here with the machine's redis-server: the
 * queue (hash-tagged prefix: one slot), the live channel (sharded pub/sub) and the API's own Redis
 * clients work unchanged, and every key we write lives on one master under the `{prefix}` tag.
 */
import { Cluster } from 'ioredis';
import { pipelineThroughLive } from '../support/live-scenario';
import { ownRedisCluster, type OwnTopology } from '../support/own-redis-topologies';
import { startStack, type Stack } from '../support/stack';

let cluster: OwnTopology;
let stack: Stack;

beforeAll(async () => {
  cluster = await ownRedisCluster(3);
  stack = await startStack({ redisUrl: cluster.url, startTimeoutMs: 90_000 });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await cluster?.stop();
});

it('runs the pipeline and the live channel on a 3-master cluster', async () => {
  const figures = await pipelineThroughLive(stack, 'c-cluster');

  // Every key of this deployment carries the hash tag, so BullMQ's multi-key scripts stay in one slot.
  const client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })), { lazyConnect: true });
  try {
    // The node list is known once the client has read the slot map.
    await client.connect();
    const prefix = stack.env.QUEUE_PREFIX;
    const perMaster = await Promise.all(client.nodes('master').map(async (node) => await node.keys('*')));
    const keys = perMaster.flat();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !k.startsWith(`{${prefix}}:`))).toEqual([]);
    expect(perMaster.filter((k) => k.length > 0)).toHaveLength(1);
    expect(keys).toContain(`{${prefix}}:events:meta`);
  } finally {
    client.disconnect();
  }
  expect(stack.workers[0].exitCode).toBeNull();
  console.log(`redis cluster: ${figures.userMessages} messages to the user's socket, ${figures.wallMessages} to the wall screen's`);
});
