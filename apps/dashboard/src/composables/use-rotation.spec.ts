import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { nextIndex, rotationMs, useRotation } from './use-rotation';

describe('wall rotation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads ?rotate= in seconds (default 30, 0 = off, at least 5)', () => {
    expect(rotationMs(undefined)).toBe(30_000);
    expect(rotationMs('0')).toBe(0);
    expect(rotationMs('2')).toBe(5_000);
    expect(rotationMs('45')).toBe(45_000);
    expect(rotationMs('x')).toBe(0);
    expect(nextIndex(2, 3)).toBe(0);
    expect(nextIndex(0, 0)).toBe(0);
  });

  it('moves to the next campaign on the interval, and a pinned one stops it', async () => {
    const ids = ref<readonly string[]>(['c-a', 'c-b', 'c-c']);
    const interval = ref(10_000);
    const pinned = ref<string | null>(null);
    const scope = effectScope();
    const r = scope.run(() => useRotation(ids, interval, pinned))!;
    expect(r.current.value).toBe('c-a');
    vi.advanceTimersByTime(10_000);
    expect(r.current.value).toBe('c-b');
    vi.advanceTimersByTime(20_000);
    expect(r.current.value).toBe('c-a');
    expect(r.index.value).toBe(0);
    pinned.value = 'c-c';
    await nextTick();
    vi.advanceTimersByTime(60_000);
    expect(r.current.value).toBe('c-c');
    scope.stop();
  });
});
