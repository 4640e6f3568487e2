/**
 * The wall screen's rotation across its campaigns: the shown one changes every `intervalMs`
 * (0 = no rotation); a pinned campaign stops it. Pure index arithmetic in `nextIndex` (tested).
 */
import { computed, getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue';

export function nextIndex(current: number, count: number): number {
  return count <= 0 ? 0 : (current + 1) % count;
}

/** `?rotate=` in seconds: default 30, 0 = off, at least 5. */
export function rotationMs(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 30_000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.max(5, Math.min(n, 24 * 3600)) * 1000;
}

export function useRotation(ids: Ref<readonly string[]>, intervalMs: Ref<number>, pinned: Ref<string | null>) {
  const index = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;

  const current = computed<string | null>(() => {
    if (pinned.value && ids.value.includes(pinned.value)) return pinned.value;
    return ids.value.length ? ids.value[Math.min(index.value, ids.value.length - 1)] : null;
  });

  function restart(): void {
    if (timer) clearInterval(timer);
    timer = null;
    if (intervalMs.value > 0 && !pinned.value && ids.value.length > 1) {
      timer = setInterval(() => {
        index.value = nextIndex(index.value, ids.value.length);
      }, intervalMs.value);
    }
  }

  watch([() => ids.value.length, intervalMs, pinned], restart, { immediate: true });
  if (getCurrentScope()) onScopeDispose(() => timer && clearInterval(timer));

  return { current, index: computed(() => (current.value ? ids.value.indexOf(current.value) : -1)), count: computed(() => ids.value.length) };
}
