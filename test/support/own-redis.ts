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
  /** SIGKILL: the process dies at once (with AOF, what reached the kernel is kept). */
  stop(): Promise<void>;
  /** SIGTERM: Redis flushes its AOF and exits cleanly. */
  terminate(): Promise<void>;
  /** Stops it (SIGKILL) and removes its AOF directory. */
  remove(): Promise<void>;
}

export interface OwnRedisOptions {
  /** Append-only file with `appendfsync everysec`, kept across restarts (the compose file's setting). */
  aof?: boolean;
  /** Append-only file fsynced on every write: a restart, even after SIGKILL, keeps every job Redis acknowledged. */
  persistent?: boolean;
}

export async function ownRedis(opts: OwnRedisOptions = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = opts.aof || opts.persistent ? mkdtempSync(join(tmpdir(), 'leadboard-redis-')) : null;
  let proc: ChildProcess | null = null;
  const alive = async () => {
    const { default: IORedis } = await import('ioredis');
    const c = new IORedis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      // With AOF, Redis answers LOADING until the file is replayed.
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  };
  const persistence = dir
    ? ['--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', opts.persistent ? 'always' : 'everysec', '--maxmemory-policy', 'noeviction']
    : ['--save', '', '--appendonly', 'no'];
  const halt = async (signal: NodeJS.Signals) => {
    if (!proc) return;
    const p = proc;
    proc = null;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill(signal);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...persistence], { stdio: 'ignore' });
      await waitFor(alive, { timeoutMs: 10_000, what: `redis-server on ${port}` });
    },
    stop: () => halt('SIGKILL'),
    terminate: () => halt('SIGTERM'),
    async remove() {
      await halt('SIGKILL');
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
