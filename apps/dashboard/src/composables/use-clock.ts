/**
 * One shared clock for the whole page, ticking once a second while anything uses it: 200 operator
 * tiles read the same ref instead of running 200 timers.
 */
import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export function useClock(): Readonly<Ref<number>> {
  users += 1;
  now.value = Date.now();
  if (!timer) {
    timer = setInterval(() => {
      now.value = Date.now();
    }, 1000);
  }
  if (getCurrentScope()) {
    onScopeDispose(() => {
      users -= 1;
      if (users === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    });
  }
  return now;
}
