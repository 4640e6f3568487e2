/**
 * Feeds the managers' store from the one realtime connector (live/use-live.ts) without a second
 * socket: it watches the campaign-live store's actions. A `reassigned` message of the campaign
 * moves the owners on screen and has the lists read again; an `operator` message (state, load) has
 * the suggestions read again (they depend on who is logged in and how loaded); a fresh snapshot
 * (a reconnect, a re-sync: messages may have been missed) reads everything again.
 *
 * The live store applies the operators' load itself (the columns read it there).
 */
import type { OperatorMessage, ReassignedMessage, SnapshotMessage } from '@leadboard/contracts';
import { getCurrentScope, onScopeDispose } from 'vue';
import { useCampaignLiveStore, type ApplyResult } from '../stores/campaign-live.store';
import { useManagerStore } from './manager.store';

/** Results of a live action that mean the message is new for this campaign. */
const FRESH: ReadonlySet<ApplyResult> = new Set(['applied', 'held', 'buffered']);

export function useManagerLive(): () => void {
  const live = useCampaignLiveStore();
  const manager = useManagerStore();

  const stop = live.$onAction(({ name, args, after }) => {
    switch (name) {
      case 'applyReassigned':
        after((result) => {
          if (FRESH.has(result as ApplyResult)) manager.applyReassigned(args[0] as ReassignedMessage);
        });
        break;
      case 'applyOperator':
        after((result) => {
          if (FRESH.has(result as ApplyResult)) manager.operatorChanged((args[0] as OperatorMessage).campaignId);
        });
        break;
      case 'applySnapshot':
        after((result) => {
          const msg = args[0] as SnapshotMessage;
          // the first snapshot comes with the page's own first read; later ones mean a re-sync
          if (result !== 'ignored' && live.snapshots > 1 && msg.campaignId === manager.campaignId) manager.scheduleRefresh();
        });
        break;
    }
  });

  if (getCurrentScope()) onScopeDispose(stop);
  return stop;
}
