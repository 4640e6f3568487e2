/**
 * The age of the figures on screen and whether they are stale: the time since they were last
 * confirmed current (a message applied, or a heartbeat that found them equal to the server's);
 * stale past `STALE_AFTER_MS` — with a heartbeat every 4 s, a healthy screen never gets there.
 * Before any data (a page just opened, a campaign just picked), the time since then counts.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { useClock } from './use-clock';

export const STALE_AFTER_MS = 10_000;

export function useDataAge(confirmedAt: Ref<number | null>, staleAfterMs = STALE_AFTER_MS) {
  const now = useClock();
  const waitingSince = ref(Date.now());
  watch(confirmedAt, (at) => {
    if (at === null) waitingSince.value = Date.now();
  });
  const ageSeconds = computed(() => (confirmedAt.value === null ? null : Math.max(0, Math.floor((now.value - confirmedAt.value) / 1000))));
  const stale = computed(() => now.value - (confirmedAt.value ?? waitingSince.value) >= staleAfterMs);
  return { now, ageSeconds, stale };
}
