/**
 * Copies a text to the clipboard (the async Clipboard API, else the older `execCommand('copy')` on
 * a hidden text area, for plain-http deployments) and says, for a moment, which item was copied.
 */
import { getCurrentScope, onScopeDispose, ref } from 'vue';

export const COPIED_SHOWN_MS = 2_000;

function legacyCopy(text: string): boolean {
  if (typeof document === 'undefined' || typeof document.execCommand !== 'function') return false;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function useClipboard(shownMs = COPIED_SHOWN_MS) {
  /** The key of the item just copied (null: none, or its moment passed). */
  const copied = ref<string | null>(null);
  /** The key of the item that could not be copied (the user copies it by hand). */
  const failed = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function copy(text: string, key: string = text): Promise<boolean> {
    let ok = false;
    try {
      if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch {
      // refused (no permission, not a secure context): try the older way
    }
    if (!ok) ok = legacyCopy(text);
    copied.value = ok ? key : null;
    failed.value = ok ? null : key;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      copied.value = null;
      failed.value = null;
      timer = null;
    }, shownMs);
    return ok;
  }

  if (getCurrentScope())
    onScopeDispose(() => {
      if (timer) clearTimeout(timer);
    });
  return { copied, failed, copy };
}
