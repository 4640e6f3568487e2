// TCP connections of a process to a server port, read from /proc (the process's socket inodes
// matched against /proc/net/tcp{,6}): how many connections each Leadboard process holds to
// PostgreSQL and to Redis, without asking the process anything.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

function socketInodes(pid) {
  const inodes = new Set();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        /* closed meanwhile */
      }
    }
  } catch {
    /* the process is gone */
  }
  return inodes;
}

/** Established connections (state 01) by inode → remote port. */
function establishedByInode() {
  const byInode = new Map();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '01') continue;
      const remotePort = parseInt(f[2].split(':')[1], 16);
      byInode.set(f[9], remotePort);
    }
  }
  return byInode;
}

/** For each pid: how many established connections it has to each of `ports` ({name: port}). */
export function connectionsByPid(pids, ports) {
  const established = establishedByInode();
  const out = {};
  for (const pid of pids) {
    const counts = Object.fromEntries(Object.keys(ports).map((k) => [k, 0]));
    for (const inode of socketInodes(pid)) {
      const remote = established.get(inode);
      for (const [name, port] of Object.entries(ports)) if (remote === port) counts[name]++;
    }
    out[pid] = counts;
  }
  return out;
}
