import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { useWallView, viewRotateMs, wallViewMode, type WallViewMode } from './use-wall-view';

describe('wall view', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads the mode and the interval from the URL', () => {
    expect(wallViewMode('leaderboard')).toBe('leaderboard');
    expect(wallViewMode('rotate')).toBe('rotate');
    expect(wallViewMode(undefined)).toBe('live');
    expect(wallViewMode('bogus')).toBe('live');
    expect(viewRotateMs(undefined)).toBe(60_000);
    expect(viewRotateMs('2')).toBe(10_000);
    expect(viewRotateMs('45')).toBe(45_000);
  });

  it('rotates between the live view and the leaderboard, and stops with its scope', () => {
    const scope = effectScope();
    const mode = ref<WallViewMode>('rotate');
    const view = scope.run(() => useWallView(mode, ref(10_000)))!;
    expect(view.value).toBe('live');
    vi.advanceTimersByTime(10_000);
    expect(view.value).toBe('leaderboard');
    vi.advanceTimersByTime(10_000);
    expect(view.value).toBe('live');
    scope.stop();
    vi.advanceTimersByTime(30_000);
    expect(view.value).toBe('live');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows only the leaderboard when asked', () => {
    const scope = effectScope();
    const view = scope.run(() => useWallView(ref<WallViewMode>('leaderboard'), ref(10_000)))!;
    expect(view.value).toBe('leaderboard');
    vi.advanceTimersByTime(60_000);
    expect(view.value).toBe('leaderboard');
    scope.stop();
  });
});
