import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { formatRate } from '../../format/format';
import { createAppI18n } from '../../i18n/i18n';
import type { LiveOperator } from '../../stores/campaign-live.store';
import { alertMessage, metrics } from '../../test-fixtures';
import { DEFAULT_STATE_THRESHOLDS } from '../../view/operator-view';
import AlertBanner from './alert-banner.vue';
import HeadlineTiles from './headline-tiles.vue';
import OperatorGrid from './operator-grid.vue';

describe('alert banner', () => {
  const props = (alerts: ReturnType<typeof alertMessage>[]) => ({
    alerts,
    operatorName: (id: string | null) => (id === 'op-12' ? 'Giulia Rossi' : id),
    campaignName: (id: string) => (id === 'c-gas' ? 'Gas' : id),
    currentCampaignId: 'c-water',
  });

  it('shows raised alerts only, critical first, translated, with the operator named', () => {
    const alerts = [
      alertMessage(1, { id: 'w', rule: 'drop_rate', severity: 'warning', messageKey: 'alerts.drop_rate.noCalls', params: { maxPercent: 3 }, raisedAt: '2026-11-23T09:10:00Z' }),
      alertMessage(2, { id: 'c', raisedAt: '2026-11-23T09:00:00Z' }),
      alertMessage(3, { id: 'ack', state: 'acknowledged', rule: 'drop_rate', severity: 'critical' }),
    ];
    const w = mount(AlertBanner, { props: props(alerts), global: { plugins: [createAppI18n('it')] } });
    const items = w.findAll('[data-testid="alert-banner-item"]');
    expect(items.map((i) => i.attributes('data-alert-id'))).toEqual(['c', 'w']);
    expect(items[0].text()).toContain('Critico');
    expect(items[0].text()).toContain('chiamato da Giulia Rossi');
    expect(w.get('[data-testid="alert-banner"]').attributes('data-count')).toBe('2');
  });

  it('names another campaign, and stays as a calm strip saying so when nothing is raised (the screen below never moves)', async () => {
    const w = mount(AlertBanner, { props: props([alertMessage(1, { campaignId: 'c-gas' })]), global: { plugins: [createAppI18n('en')] } });
    expect(w.text()).toContain('campaign Gas');
    expect(w.find('[data-testid="alert-banner-quiet"]').exists()).toBe(false);
    await w.setProps({ alerts: [alertMessage(1, { state: 'acknowledged' })] });
    expect(w.find('[data-testid="alert-banner"]').exists()).toBe(false);
    expect(w.get('[data-testid="alert-banner-quiet"]').text()).toContain('No alert raised');
    expect(w.get('[data-testid="alert-banner-quiet"]').classes()).toContain('alert-banner');
  });
});

describe('headline tiles', () => {
  it('shows the last hour against today, with a word and an arrow', () => {
    const m = metrics();
    const hour = { ...m.windows['1h'], calls: 100, contacts: 40, transitions: { ...m.windows['1h'].transitions, prospect: 4 }, prospectPerContacted: 0.1 };
    const today = { ...m.windows.today, calls: 400, contacts: 160, transitions: { ...m.windows.today.transitions, prospect: 32 }, prospectPerContacted: 0.2 };
    const w = mount(HeadlineTiles, { props: { lastHour: hour, today }, global: { plugins: [createAppI18n('fr')] } });
    const tile = w.get('[data-testid="headline-prospectPerContacted"]');
    // French puts a (narrow) no-break space before the percent sign
    expect(tile.get('[data-testid="headline-value"]').text()).toBe(formatRate(0.1, 'fr'));
    expect(tile.text()).toContain('▼');
    expect(tile.text()).toContain('moins bien');
    expect(tile.text()).toContain(`aujourd’hui ${formatRate(0.2, 'fr')}`);
  });
});

describe('operator grid', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  const op = (id: string, name: string, state: LiveOperator['state'], seconds: number, seniority: 'junior' | 'senior' = 'junior'): LiveOperator => ({
    operatorId: id,
    name,
    seniority,
    state,
    since: null,
    receivedAt: Date.now(),
    load: { timeInStateSeconds: seconds, occupancy: 0.5, callsToday: 7, talkSecondsToday: 600, prospectsToday: 1, customersToday: 1, openLeads: {}, callbacksDue: 0, asOf: '' },
  });

  it('draws one tile per logged-in operator with state, time, seniority and counts; the clock runs on', async () => {
    const operators = new Map([
      ['op-1', op('op-1', 'Marco Verdi', 'paused', 9 * 60 + 50, 'senior')],
      ['op-2', op('op-2', 'Anna Neri', 'on_call', 65)],
      ['op-3', op('op-3', 'Luc Petit', 'offline', 0)],
    ]);
    const w = mount(OperatorGrid, { props: { operators, thresholds: DEFAULT_STATE_THRESHOLDS }, global: { plugins: [createAppI18n('en')] } });
    const tiles = w.findAll('[data-testid="operator-tile"]');
    expect(tiles.map((t) => t.attributes('data-operator-id'))).toEqual(['op-2', 'op-1']);
    expect(tiles[1].text()).toMatch(/Marco V\.\s*SR\s*❚❚\s*Paused\s*9:50\s*☎ 7 ★ 2/);
    expect(w.text()).toContain('1 offline');
    // ten seconds later the pause is over the limit: another tone, with its own word
    vi.advanceTimersByTime(10_000);
    await nextTick();
    const marco = w.get('[data-operator-id="op-1"]');
    expect(marco.attributes('data-tone')).toBe('pausedOver');
    expect(marco.text()).toContain('Over pause limit');
    expect(marco.text()).toContain('10:00');
    w.unmount();
  });

  it('updates only what changed on a live update, and every tile when the language changes', async () => {
    const i18n = createAppI18n('en');
    const operators = new Map([
      ['op-1', op('op-1', 'Marco Verdi', 'paused', 60, 'senior')],
      ['op-2', op('op-2', 'Anna Neri', 'on_call', 65)],
    ]);
    const w = mount(OperatorGrid, { props: { operators, thresholds: DEFAULT_STATE_THRESHOLDS }, global: { plugins: [i18n] } });
    const tile = (id: string) => w.get(`[data-operator-id="${id}"]`);
    expect(tile('op-1').text()).toContain('Paused');
    await w.setProps({ operators: new Map([...operators, ['op-2', { ...op('op-2', 'Anna Neri', 'on_call', 65), load: { ...operators.get('op-2')!.load!, callsToday: 8 } }]]) });
    expect(tile('op-2').text()).toContain('☎ 8');
    expect(tile('op-1').text()).toContain('☎ 7');
    i18n.global.locale.value = 'it';
    await nextTick();
    expect(tile('op-1').text()).toMatch(/SR\s*❚❚\s*In pausa/);
    expect(tile('op-2').text()).toContain('In chiamata');
    w.unmount();
  });
});
