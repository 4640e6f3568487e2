/**
 * Keeps the campaign list fresh for a page: loaded at once, then every minute (every 3 s while
 * there is none: the first events create the campaign).
 */
import { getCurrentScope, onScopeDispose } from 'vue';
import { useCampaignsStore } from '../stores/campaigns.store';

export const REFRESH_EMPTY_MS = 3_000;
export const REFRESH_MS = 60_000;

export function useCampaignList(onLoaded: () => void = () => undefined) {
  const campaigns = useCampaignsStore();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function refresh(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    await campaigns.load();
    if (stopped) return;
    onLoaded();
    timer = setTimeout(refresh, campaigns.list.length === 0 ? REFRESH_EMPTY_MS : REFRESH_MS);
  }

  campaigns.reset();
  void refresh();
  if (getCurrentScope())
    onScopeDispose(() => {
      stopped = true;
      if (timer) clearTimeout(timer);
    });
  return { refresh };
}
