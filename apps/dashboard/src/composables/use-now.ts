import { onScopeDispose, ref, type Ref } from 'vue';

/** The current time (ms), refreshed every `intervalMs`: drives "updated N s ago". */
export function useNow(intervalMs = 1000): Ref<number> {
  const now = ref(Date.now());
  const id = setInterval(() => {
    now.value = Date.now();
  }, intervalMs);
  onScopeDispose(() => clearInterval(id));
  return now;
}
