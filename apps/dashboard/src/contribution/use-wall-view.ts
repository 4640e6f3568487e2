/**
 * Which view the wall shows: `view=leaderboard` the leaderboard only, `view=rotate` the live view and
 * the leaderboard in turn (`viewRotate` seconds each, default 60, at least 10), anything else the live
 * view. Pure parsing in `wallViewMode` / `viewRotateMs` (tested); the timer is cleared with the scope.
 */
import { computed, getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue';

export type WallViewMode = 'live' | 'leaderboard' | 'rotate';
export type WallView = 'live' | 'leaderboard';

export function wallViewMode(raw: unknown): WallViewMode {
  return raw === 'leaderboard' || raw === 'rotate' ? raw : 'live';
}

export function viewRotateMs(raw: unknown): number {
  const n = Number(raw);
  if (raw === undefined || raw === null || raw === '' || !Number.isFinite(n) || n <= 0) return 60_000;
  return Math.max(10, Math.min(n, 3600)) * 1000;
}

export function useWallView(mode: Ref<WallViewMode>, intervalMs: Ref<number>) {
  const showingLeaderboard = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;
  function restart(): void {
    if (timer) clearInterval(timer);
    timer = null;
    showingLeaderboard.value = mode.value === 'leaderboard';
    if (mode.value === 'rotate') timer = setInterval(() => (showingLeaderboard.value = !showingLeaderboard.value), intervalMs.value);
  }
  watch([mode, intervalMs], restart, { immediate: true });
  if (getCurrentScope()) onScopeDispose(() => timer && clearInterval(timer));
  return computed<WallView>(() => (showingLeaderboard.value ? 'leaderboard' : 'live'));
}
