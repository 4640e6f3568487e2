// Child processes, free ports, and cheap per-process readings from /proc (RSS and CPU ticks).
import { execFileSync, fork, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const BENCH = new URL('..', import.meta.url).pathname;

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  /* 100 on every Linux we know */
}
export const CLK_TCK = clkTck;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(check, { timeoutMs = 30_000, intervalMs = 200, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Every process the bench started, so an interrupted run can stop them all (by pid, one by one). */
const started = new Set();

/** A built app (`node dist/apps/...`), output kept in a ring buffer for error reports. */
let logStream = null;
export function logAppsTo(file) {
  logStream = createWriteStream(file, { flags: 'a' });
}

/**
 * Node flags of every process of both pipelines, Leadboard's and the baseline's: the young generation the
 * image gives the apps (Dockerfile, NODE_OPTIONS), so both run as deployed and neither gets a flag the other lacks.
 */
export const NODE_FLAGS = ['--max-semi-space-size=64'];

/** `nodeArgs`: options for node itself, e.g. `--cpu-prof` (NODE_OPTIONS does not take it). */
export function startApp(name, script, env, log, nodeArgs = []) {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...nodeArgs, script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk) => {
    logStream?.write(`[${name}] ${chunk.toString()}`);
    log.push(`[${name}] ${chunk.toString()}`);
    if (log.length > 500) log.splice(0, log.length - 500);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  track(child);
  return child;
}

/** A bench helper (load generator, socket client, baseline) with an IPC channel (structured clone). */
export function startHelper(file, args = [], env = {}) {
  const child = fork(new URL(`../${file}`, import.meta.url).pathname, args, {
    cwd: ROOT,
    execArgv: NODE_FLAGS,
    env: { ...process.env, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  track(child);
  return child;
}

function track(child) {
  started.add(child);
  child.once('exit', () => started.delete(child));
}

export function isRunning(child) {
  return child && child.exitCode === null && child.signalCode === null;
}

export async function stopProcess(child, graceMs = 8000) {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => isRunning(child) && child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll() {
  await Promise.all([...started].map((c) => stopProcess(c)));
}

/** Last resort on process exit: SIGKILL whatever we started and is still alive. */
export function killAllSync() {
  for (const c of started) if (isRunning(c)) c.kill('SIGKILL');
}

/** Resolves with the first IPC message for which `match` is true. */
export function nextMessage(child, match, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const onMsg = (m) => {
      if (!match(m)) return;
      cleanup();
      resolve(m);
    };
    const onExit = (code) => {
      cleanup();
      reject(new Error(`helper exited (code ${code}) before answering`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('helper did not answer in time'));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMsg);
      child.off('exit', onExit);
    };
    child.on('message', onMsg);
    child.once('exit', onExit);
  });
}

/** VmRSS of a pid in MB (null when gone). */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime of a pid, in seconds (null when gone). */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // fields 14 and 15 of proc(5)
  } catch {
    return null;
  }
}

/** utime + stime (seconds) of every process whose command name is `comm`, by pid (e.g. all postgres backends). */
export function cpuByComm(comm) {
  const byPid = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== comm) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byPid.set(d, (Number(fields[11]) + Number(fields[12])) / CLK_TCK);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return byPid;
}

/** CPU seconds spent between two cpuByComm readings by the processes alive at the second one. */
export function cpuByCommDelta(a, b) {
  let total = 0;
  for (const [pid, secs] of b) total += secs - (a.get(pid) ?? 0);
  return total;
}
