import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CampaignSummary, WhatIfResult } from '@leadboard/contracts';
import { createAppI18n } from '../i18n/i18n';
import { useSessionStore } from '../stores/session.store';
import AccountFunnelPanel from './account-funnel-panel.vue';
import { createAccountsApi, setAccountsApi, type AccountsApi } from './accounts-api';
import CampaignSettingsPanel from './campaign-settings-panel.vue';

const campaign: CampaignSummary = { campaignId: 'c-water', name: 'Water', timeZone: 'UTC', maxAttempts: 6, qualificationThreshold: 3, leads: 10 };
const stages = { new: 4, contacted: 3, prospect: 2, opportunity: 0, customer: 1, nurturing: 0, lost: 0, dnc: 0 };

function whatIf(threshold: number, prospects: number): WhatIfResult {
  return {
    campaignId: 'c-water',
    rules: { current: { qualificationThreshold: 3, maxAttempts: 6 }, proposed: { qualificationThreshold: threshold, maxAttempts: 6 } },
    current: { stages, funnel: { new: 10, contacted: 6, prospect: 3, opportunity: 1, customer: 1 }, rates: { contact: 0.6, qualification: 0.3, prospectPerContacted: 0.5, close: 0.3333 } },
    proposed: {
      stages,
      funnel: { new: 10, contacted: 6, prospect: prospects, opportunity: 1, customer: 1 },
      rates: { contact: 0.6, qualification: prospects / 10, prospectPerContacted: prospects / 6, close: 1 / prospects },
    },
    leads: 10,
    events: 42,
    asOf: '2026-11-30T08:00:00.000Z',
  };
}

beforeEach(() => {
  setActivePinia(createPinia());
  useSessionStore().enterWallToken('lbw_test');
});
afterEach(() => {
  setAccountsApi(createAccountsApi());
  vi.useRealTimers();
});

describe('account funnel panel', () => {
  it('shows the companies, the potential and customer ones with their conversions, and the latest changes by name', () => {
    const w = mount(AccountFunnelPanel, {
      props: {
        counts: { lead: 6, potential: 3, customer: 1 },
        changes: [{ campaignId: 'c-water', seq: 3, accountId: 'name:acqua-pura', name: 'Acqua Pura S.r.l.', from: 'lead', to: 'potential', at: '2026-11-30T08:00:00Z', leadId: 'L-1' }],
      },
      global: { plugins: [createAppI18n('en')] },
    });
    expect(w.get('[data-testid="account-count-accounts"]').text()).toBe('10');
    expect(w.get('[data-testid="account-count-potential"]').text()).toBe('4');
    expect(w.get('[data-testid="account-count-customer"]').text()).toBe('1');
    expect(w.get('[data-testid="account-conversion-potential"]').text()).toBe('40% of Companies');
    expect(w.get('[data-testid="account-change"]').text()).toBe('Acqua Pura S.r.l.: lead → potential');
  });
});

describe('campaign settings panel', () => {
  it('asks for a what-if when the threshold moves, shows current beside proposed, and saves the values', async () => {
    vi.useFakeTimers();
    const calls: { threshold: number; saved?: boolean }[] = [];
    const api: AccountsApi = {
      ...createAccountsApi(),
      whatIf: async (_t, _id, s) => {
        calls.push({ threshold: s.qualificationThreshold });
        return whatIf(s.qualificationThreshold, 7 - s.qualificationThreshold);
      },
      saveSettings: async (_t, _id, patch) => {
        calls.push({ threshold: patch.qualificationThreshold!, saved: true });
        return { campaignId: 'c-water', name: 'Water', timeZone: 'UTC', maxAttempts: 6, qualificationThreshold: patch.qualificationThreshold!, coolingOffDays: 30, alertThresholds: {}, target: [], hotThreshold: 70 };
      },
    };
    setAccountsApi(api);
    const w = mount(CampaignSettingsPanel, { props: { campaign }, global: { plugins: [createAppI18n('en')] } });
    expect(w.find('[data-testid="what-if-result"]').exists()).toBe(false);
    expect(w.get('[data-testid="settings-save"]').attributes('disabled')).toBeDefined();

    const slider = w.get('[data-testid="settings-threshold"]');
    await slider.setValue('2');
    await slider.setValue('1');
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    // two moves within the debounce: one what-if, with the last value
    expect(calls).toEqual([{ threshold: 1 }]);
    expect(w.get('[data-testid="what-if-current-prospect"]').text()).toBe('3');
    expect(w.get('[data-testid="what-if-proposed-prospect"]').text()).toBe('6');

    await w.get('[data-testid="settings-save"]').trigger('click');
    await flushPromises();
    expect(calls[1]).toEqual({ threshold: 1, saved: true });
    expect(w.find('[data-testid="settings-saved"]').exists()).toBe(true);
    expect(w.emitted('saved')).toHaveLength(1);
  });
});
