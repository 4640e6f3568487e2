import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { usePoll } from './use-poll';

describe('usePoll', () => {
  const setVisibility = (v: 'hidden' | 'visible') => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => v });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    setVisibility('visible');
    vi.useRealTimers();
  });

  it('runs at once, then on its interval, never while the tab is hidden, and at once when it shows again', async () => {
    const task = vi.fn(async () => undefined);
    const scope = effectScope();
    scope.run(() => usePoll(task, 1_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(task).toHaveBeenCalledTimes(2);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task).toHaveBeenCalledTimes(2);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(task).toHaveBeenCalledTimes(3);
    scope.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('keeps polling after a failure', async () => {
    const task = vi.fn(async () => Promise.reject(new Error('down')));
    const scope = effectScope();
    scope.run(() => usePoll(task, 1_000));
    await vi.advanceTimersByTimeAsync(2_500);
    expect(task).toHaveBeenCalledTimes(3);
    scope.stop();
  });
});
