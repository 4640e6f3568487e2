/**
 * For specs that run sets concurrently without the set runner: what the runner does when a set meets a
 * concurrent one (a lead created first, a deadlock, `isTransientConflict`) — try again after a jittered
 * pause — so that contending sets do not retry in lockstep.
 */
import { isTransientConflict } from './database-outage';

export async function retryConflicts<T>(apply: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await apply();
    } catch (err) {
      if (attempt >= attempts || !isTransientConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
