/** Leadboard behind Redis Sentinel (one master, one sentinel, started here): REDIS_URL names the sentinel and the master's name. */
import { pipelineThroughLive } from '../support/live-scenario';
import { ownRedisSentinel, type OwnTopology } from '../support/own-redis-topologies';
import { startStack, type Stack } from '../support/stack';

let sentinel: OwnTopology;
let stack: Stack;

beforeAll(async () => {
  sentinel = await ownRedisSentinel();
  stack = await startStack({ redisUrl: sentinel.url, startTimeoutMs: 90_000 });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await sentinel?.stop();
});

it('runs the pipeline and the live channel through a sentinel-managed master', async () => {
  expect(sentinel.url).toMatch(/^redis\+sentinel:\/\//);
  const figures = await pipelineThroughLive(stack, 'c-sentinel');
  expect(stack.workers[0].exitCode).toBeNull();
  console.log(`redis sentinel: ${figures.userMessages} messages to the user's socket, ${figures.wallMessages} to the wall screen's`);
});
