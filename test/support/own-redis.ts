/** A redis-server of the test's own (the machine's binary, another port), to stop and restart at will. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack';
import { waitFor } from './wait';

export interface OwnRedis {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its data directory (persistent servers). */
  remove(): Promise<void>;
}

/**
 * `persistent`: an append-only file fsynced on every write in a temporary directory, so a restart (even
 * after SIGKILL) comes back with every job Redis acknowledged, like production's AOF.
 */
export async function ownRedis(opts: { persistent?: boolean } = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = opts.persistent ? mkdtempSync(join(tmpdir(), 'leadboard-redis-')) : null;
  const persistence = dir ? ['--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'] : ['--save', '', '--appendonly', 'no'];
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
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...persistence], { stdio: 'ignore' });
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
    async remove() {
      await this.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
