/** The screen's height relative to 1080 lines (2 on 4K): chart text keeps its proportions. */
import { getCurrentScope, onScopeDispose, ref } from 'vue';

export function useScreenScale() {
  const read = () => (typeof window === 'undefined' ? 1 : Math.max(0.6, window.innerHeight / 1080));
  const scale = ref(read());
  const onResize = () => {
    scale.value = read();
  };
  if (typeof window !== 'undefined') window.addEventListener('resize', onResize);
  if (getCurrentScope()) onScopeDispose(() => window.removeEventListener('resize', onResize));
  return scale;
}
