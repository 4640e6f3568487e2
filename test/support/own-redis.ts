/** A redis-server of the test's own (the machine's binary, another port), to stop and restart at will. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './stack';
import { waitFor } from './wait';

export interface OwnRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const alive = async () => {
    const { default: IORedis } = await import('ioredis');
    const c = new IORedis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  };
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      await waitFor(alive, { timeoutMs: 10_000, what: `redis-server on ${port}` });
    },
    async stop() {
      if (!proc) return;
      const p = proc;
      proc = null;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await exited;
    },
  };
}
