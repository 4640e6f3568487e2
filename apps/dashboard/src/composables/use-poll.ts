/**
 * Runs `task` every `intervalMs` while the page is visible (and at once when it becomes visible
 * again), never two at a time. Stops with its scope.
 */
import { getCurrentScope, onScopeDispose } from 'vue';

export interface Poll {
  /** Runs the task now (and restarts the interval). */
  now(): Promise<void>;
  stop(): void;
}

export function usePoll(task: () => Promise<unknown>, intervalMs: number, opts: { immediate?: boolean } = {}): Poll {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = stopped ? null : setTimeout(() => void run(), intervalMs);
  }

  async function run(): Promise<void> {
    if (stopped) return;
    if (hidden()) return schedule();
    if (running) return running;
    running = (async () => {
      try {
        await task();
      } catch {
        // the task reports its own failures; the next round tries again
      } finally {
        running = null;
        schedule();
      }
    })();
    return running;
  }

  function onVisibility(): void {
    if (!hidden()) void run();
  }

  function stop(): void {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  }

  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  if (opts.immediate === false) schedule();
  else void run();
  if (getCurrentScope()) onScopeDispose(stop);
  return { now: run, stop };
}
