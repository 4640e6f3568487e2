import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useCampaignLiveStore } from '../stores/campaign-live.store';
import { snapshot } from '../test-fixtures';
import { operator, reassigned } from './manager-fixtures';
import { useManagerStore } from './manager.store';
import { useManagerLive } from './use-manager-live';

describe('manager live feed', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('passes the campaign’s reassigned and operator messages on, not stale or foreign ones', () => {
    const live = useCampaignLiveStore();
    const manager = useManagerStore();
    live.select('c-water');
    manager.select('c-water');
    const applyReassigned = vi.spyOn(manager, 'applyReassigned').mockImplementation(() => undefined);
    const operatorChanged = vi.spyOn(manager, 'operatorChanged').mockImplementation(() => undefined);
    const scheduleRefresh = vi.spyOn(manager, 'scheduleRefresh').mockImplementation(() => undefined);
    const scope = effectScope();
    scope.run(() => useManagerLive());

    live.applySnapshot(snapshot(5));
    const msg = { ...reassigned(6, ['L-1']), operators: [operator('op-marco', { seniority: 'senior' }, { prospect: 5 })] };
    expect(live.applyReassigned(msg)).toBe('applied');
    expect(applyReassigned).toHaveBeenCalledWith(msg);
    // the live store applied the fresh load itself
    expect(live.operators.get('op-marco')?.load?.openLeads.prospect).toBe(5);

    live.applyReassigned(msg); // stale: already applied
    live.applyReassigned(reassigned(1, ['L-2'], 'op-x', 'c-other'));
    expect(applyReassigned).toHaveBeenCalledTimes(1);

    live.applyOperator({ ...operator('op-jr'), campaignId: 'c-water', seq: 7 });
    expect(operatorChanged).toHaveBeenCalledWith('c-water');

    // a second snapshot (a re-sync) reads everything again
    live.applySnapshot(snapshot(9));
    expect(scheduleRefresh).toHaveBeenCalled();

    scope.stop();
    live.applyReassigned(reassigned(10, ['L-3']));
    expect(applyReassigned).toHaveBeenCalledTimes(1);
  });
});
