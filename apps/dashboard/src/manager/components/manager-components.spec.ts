import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n/i18n';
import { managerEn } from '../../i18n/manager/en';
import { managerFr } from '../../i18n/manager/fr';
import { managerIt } from '../../i18n/manager/it';
import type { Locale } from '../../i18n/locales';
import { useCampaignLiveStore, type LiveOperator } from '../../stores/campaign-live.store';
import { snapshot } from '../../test-fixtures';
import { lead, operator, suggestion, suggestions } from '../manager-fixtures';
import type { MoveOutcome } from '../manager.store';
import HotLeadsTable from './hot-leads-table.vue';
import MoveOutcomes from './move-outcomes.vue';
import OperatorColumns from './operator-columns.vue';
import SuggestionsPanel from './suggestions-panel.vue';

/** The app's i18n with the manager's messages (merged here too, so this holds before and after i18n.ts merges them). */
function i18nWith(locale: Locale) {
  const i18n = createAppI18n(locale);
  for (const [l, m] of [['en', managerEn], ['fr', managerFr], ['it', managerIt]] as const) i18n.global.mergeLocaleMessage(l, { manager: m });
  return i18n;
}

const ops = [
  operator('op-jr', { name: 'Luca Bianchi' }),
  operator('op-marco', { name: 'Marco Rossi', seniority: 'senior' }, { prospect: 4, opportunity: 1, contacted: 7 }),
  operator('op-zoe', { name: 'Zoe Neri', seniority: 'senior', state: 'offline' }),
];

beforeEach(() => {
  setActivePinia(createPinia());
  const live = useCampaignLiveStore();
  live.select('c-water');
  live.applySnapshot(snapshot(1, { operators: ops }));
});

const liveOps = () => useCampaignLiveStore().operators as ReadonlyMap<string, LiveOperator>;

describe('move outcomes', () => {
  it('explains a 409 in plain words: nothing moved, which leads changed owner and who has them now', () => {
    const outcome: MoveOutcome = {
      id: 1,
      kind: 'refused',
      source: 'selection',
      toOperatorId: 'op-marco',
      stages: ['prospect'],
      code: 'owner_changed',
      leadIds: ['L-1', 'L-2'],
      currentOwners: { 'L-1': 'op-jr', 'L-2': null },
      stagesByLead: {},
      operatorId: null,
      message: 'server text',
    };
    const stageOf = () => 'prospect' as const;
    const wrapper = mount(MoveOutcomes, { props: { outcomes: [outcome], stageOf }, global: { plugins: [i18nWith('it')] } });
    const item = wrapper.get('[data-testid="move-outcome"]');
    expect(item.attributes('data-code')).toBe('owner_changed');
    expect(item.text()).toContain('Nessuno spostamento: da quando li hai visti è cambiato l’assegnatario di 2 prospect.');
    expect(wrapper.findAll('[data-testid="move-outcome-line"]').map((l) => l.text())).toEqual(['L-1: ora a Luca Bianchi', 'L-2: ora a nessuno']);
  });

  it('shows a move done, and the junior-target warning', () => {
    const outcome: MoveOutcome = {
      id: 2,
      kind: 'moved',
      source: 'drop',
      toOperatorId: 'op-jr',
      stages: ['prospect'],
      moved: 1,
      alreadyOwned: 0,
      warnings: [{ code: 'junior_target', message: 'm', messageKey: 'reassignment.warning.juniorTarget', params: { count: 1, to: 'Luca' }, leadIds: ['L-1'] }],
    };
    const wrapper = mount(MoveOutcomes, { props: { outcomes: [outcome], stageOf: () => 'prospect' as const }, global: { plugins: [i18nWith('en')] } });
    expect(wrapper.text()).toContain('Done: 1 prospect now with Luca Bianchi.');
    expect(wrapper.text()).toContain('Moved, but Luca Bianchi is a junior: prospects and opportunities belong with a senior closer (1 prospect).');
    expect(wrapper.get('[data-testid="move-outcome"]').attributes('data-code')).toBe('warning');
  });
});

describe('operator columns', () => {
  it('shows each operator’s load and takes a drop on a logged-in operator only', async () => {
    const wrapper = mount(OperatorColumns, {
      props: { operators: liveOps(), cap: 25, dragged: ['L-1', 'L-2'], draggedPhrase: '2 prospects', pending: new Set<string>() },
      global: { plugins: [i18nWith('en')] },
    });
    const columns = wrapper.findAll('[data-testid="manager-operator"]');
    expect(columns.map((c) => c.attributes('data-operator-id'))).toEqual(['op-marco', 'op-jr', 'op-zoe']);
    const marco = columns[0];
    expect(marco.get('[data-testid="manager-operator-hot"]').text()).toBe('5 of 25');
    expect(marco.get('[data-testid="manager-operator-open-contacted"]').text()).toBe('7');
    expect(marco.get('[data-testid="manager-operator-conversions"]').text()).toBe('2 / 1');

    await marco.trigger('dragover');
    expect(wrapper.text()).toContain('Drop here: 2 prospects to Marco Rossi');
    await marco.trigger('drop');
    await columns[1].trigger('dragover');
    expect(wrapper.text()).toContain('Junior: prospects belong with senior closers');
    await columns[2].trigger('drop'); // offline: refused
    expect(wrapper.emitted('drop')).toEqual([['op-marco']]);
  });
});

describe('hot leads table', () => {
  it('lists owner and age, selects a shift-click range, and drags the selection', async () => {
    const leads = new Map([lead('L-1', 'prospect', 'op-jr', '2026-11-23T07:00:00Z'), lead('L-2', 'prospect', null, '2026-11-23T08:00:00Z'), lead('L-3', 'opportunity', 'op-marco', '2026-11-23T09:00:00Z')].map((l) => [l.leadId, l]));
    const wrapper = mount(HotLeadsTable, {
      props: { leads, operators: liveOps(), selected: new Set(['L-1', 'L-3']), total: 3, status: 'ready', error: null, hasMore: false },
      global: { plugins: [i18nWith('fr')] },
    });
    const rows = wrapper.findAll('[data-testid="hot-lead-row"]');
    expect(rows.map((r) => r.attributes('data-lead-id'))).toEqual(['L-1', 'L-2', 'L-3']);
    expect(rows[0].get('[data-testid="hot-lead-owner"]').text()).toContain('Luca Bianchi');
    expect(rows[1].get('[data-testid="hot-lead-owner"]').text()).toBe('personne');

    await rows[2].trigger('dragstart', { dataTransfer: { setData: () => undefined, setDragImage: () => undefined } });
    expect(wrapper.emitted('dragStart')?.at(-1)).toEqual([['L-1', 'L-3']]);
    await rows[1].trigger('dragstart', { dataTransfer: { setData: () => undefined, setDragImage: () => undefined } });
    expect(wrapper.emitted('dragStart')?.at(-1)).toEqual([['L-2']]);

    await wrapper.setProps({ selected: new Set<string>() });
    await rows[0].get('input').trigger('click');
    expect(wrapper.emitted('toggle')?.at(-1)).toEqual(['L-1', true]);
    await rows[2].get('input').trigger('click', { shiftKey: true });
    expect(wrapper.emitted('selectMany')?.at(-1)).toEqual([['L-1', 'L-2', 'L-3'], true]);
  });
});

describe('suggestions panel', () => {
  it('shows each suggestion in the manager’s language and applies one or all', async () => {
    const s = suggestion('s-1', ['L-1', 'L-2'], 'op-marco');
    const wrapper = mount(SuggestionsPanel, {
      props: { suggestions: suggestions([s]), error: null, applying: new Set<string>(), busy: false },
      global: { plugins: [i18nWith('it')] },
    });
    expect(wrapper.get('[data-testid="suggestion"]').text()).toContain('2 prospect in mano a operatori junior (in attesa da meno di 2 h) → Marco Rossi (senior, 4 aperti)');
    await wrapper.get('[data-testid="suggestion-apply"]').trigger('click');
    await wrapper.get('[data-testid="suggestions-apply-all"]').trigger('click');
    expect(wrapper.emitted('apply')).toEqual([['s-1']]);
    expect(wrapper.emitted('applyAll')).toHaveLength(1);
  });
});
