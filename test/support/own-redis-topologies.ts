/**
 * Redis topologies started by a test with the machine's binaries, on free ports and in temporary
 * directories: a 3-master Redis Cluster (no replicas) and a master watched by one Sentinel.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './stack';
import { waitFor } from './wait';

const execFileAsync = promisify(execFile);

export interface OwnTopology {
  /** REDIS_URL for Leadboard. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 20_000 });
  return stdout;
}

async function answers(port: number): Promise<boolean> {
  return (await cli(port, 'PING').catch(() => '')).trim() === 'PONG';
}

function stopper(procs: ChildProcess[], dir: string): () => Promise<void> {
  return async () => {
    await Promise.all(
      procs.map((p) => {
        if (p.exitCode !== null || p.signalCode !== null) return undefined;
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGKILL');
        return exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
}

/** Throws a readable error when redis-cli, which creates the cluster, is missing. */
export async function requireRedisCli(): Promise<void> {
  await execFileAsync('redis-cli', ['--version']).catch(() => {
    throw new Error('redis-cli is needed to create the test cluster (Debian: apt-get install redis-tools)');
  });
}

export async function ownRedisCluster(masters = 3): Promise<OwnTopology> {
  await requireRedisCli();
  const dir = mkdtempSync(join(tmpdir(), 'leadboard-cluster-'));
  const ports: number[] = [];
  for (let i = 0; i < masters; i++) ports.push(await freePort());
  const procs = ports.map((port) =>
    spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    ),
  );
  const stop = stopper(procs, dir);
  try {
    for (const port of ports) await waitFor(() => answers(port), { timeoutMs: 10_000, what: `cluster node on ${port}` });
    await execFileAsync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { timeout: 60_000 });
    for (const port of ports) {
      await waitFor(async () => (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'), { timeoutMs: 30_000, what: `cluster state ok on ${port}` });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, ports, stop };
}

export async function ownRedisSentinel(masterName = 'leadboard'): Promise<OwnTopology> {
  const dir = mkdtempSync(join(tmpdir(), 'leadboard-sentinel-'));
  const [masterPort, sentinelPort] = [await freePort(), await freePort()];
  const config = join(dir, 'sentinel.conf');
  // A sentinel rewrites its configuration file: it must be its own, writable.
  writeFileSync(config, [`port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 1`, ''].join('\n'));
  const procs = [
    spawn('redis-server', ['--port', String(masterPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }),
  ];
  const stop = stopper(procs, dir);
  try {
    await waitFor(() => answers(masterPort), { timeoutMs: 10_000, what: `master on ${masterPort}` });
    procs.push(spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' }));
    await waitFor(async () => (await cli(sentinelPort, 'SENTINEL', 'get-master-addr-by-name', masterName).catch(() => '')).includes(String(masterPort)), {
      timeoutMs: 15_000,
      what: `sentinel on ${sentinelPort} watching ${masterName}`,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `redis+sentinel://127.0.0.1:${sentinelPort}/${masterName}/0`, ports: [masterPort, sentinelPort], stop };
}
