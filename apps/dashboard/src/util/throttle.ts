/**
 * Calls `fn` at most once per `ms`, always with the latest arguments: the first call runs at
 * once, later ones within the window are folded into one trailing call.
 */
export interface Throttled<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
}

export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number): Throttled<A> {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pendingArgs: A | null = null;

  const run = (args: A) => {
    last = Date.now();
    fn(...args);
  };

  const throttled = (...args: A) => {
    const wait = last + ms - Date.now();
    if (wait <= 0 && !timer) return run(args);
    pendingArgs = args;
    if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        const next = pendingArgs;
        pendingArgs = null;
        if (next) run(next);
      }, Math.max(0, wait));
    }
  };
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    pendingArgs = null;
  };
  return throttled;
}
