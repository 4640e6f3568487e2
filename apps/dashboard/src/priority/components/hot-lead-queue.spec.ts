import type { OperatorView, QueueItem, QueueResponse } from '@leadboard/contracts';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../../i18n/i18n';
import HotLeadQueue from './hot-lead-queue.vue';

const item = (leadId: string, priority: number, account: string | null): QueueItem => ({
  leadId,
  stage: 'prospect',
  priority,
  hot: priority >= 70,
  reasons: [{ key: 'priority.fresh', params: { points: 10 } }],
  waitingSince: '2026-11-23T08:50:00Z',
  ownerOperatorId: null,
  initials: 'XY',
  contact: { name: `Lead ${leadId}`, phone: null, email: null },
  account: account ? { accountId: `acc-${account}`, name: account } : null,
});
const queue: QueueResponse = {
  campaignId: 'c-water',
  hotThreshold: 70,
  hotLeadSlaSeconds: 300,
  hotCount: 2,
  oldestHotWaitingSince: '2026-11-23T08:50:00Z',
  asOf: '2026-11-23T09:00:00Z',
  items: [item('L1', 90, 'Hotel Lago'), item('L2', 80, null), item('L3', 60, 'Hotel Lago'), item('L4', 50, 'Idraulica Sud')],
};
const senior = { operatorId: 'op-sara', name: 'Sara Neri', seniority: 'senior', state: 'available', since: null, load: null } as unknown as OperatorView;

function mountQueue(locale: 'it' | 'fr' | 'en') {
  return mount(HotLeadQueue, {
    props: { queue, operators: new Map([[senior.operatorId, senior]]), nowMs: Date.parse('2026-11-23T09:00:00Z'), disabled: false, pending: new Set<string>(), message: null },
    global: { plugins: [createAppI18n(locale)] },
  });
}

describe("the managers' hot-lead queue", () => {
  it('shows the queue in call order, then grouped by company with counts and the best priority first', async () => {
    const w = mountQueue('it');
    const rows = () => w.findAll('[data-testid="queue-row"]').map((r) => r.attributes('data-lead-id'));
    expect(rows()).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(w.findAll('[data-testid="queue-group"]')).toHaveLength(0);
    expect(w.get('[data-testid="queue-order-call"]').attributes('aria-pressed')).toBe('true');

    await w.get('[data-testid="queue-order-account"]').trigger('click');
    expect(w.get('[data-testid="queue-order-account"]').text()).toBe('Per azienda');
    const groups = w.findAll('[data-testid="queue-group"]');
    expect(groups.map((g) => [g.get('[data-testid="queue-group-name"]').text(), g.findAll('[data-testid="queue-row"]').map((r) => r.attributes('data-lead-id'))])).toEqual([
      ['Hotel Lago', ['L1', 'L3']],
      ['Nessuna azienda', ['L2']],
      ['Idraulica Sud', ['L4']],
    ]);
    expect(groups[0].get('[data-testid="queue-group-figures"]').text()).toContain('Lead: 2 · priorità migliore 90');

    // still one click: the lead, its owner on screen, the senior with the most room
    await groups[2].get('[data-testid="queue-assign"]').trigger('click');
    expect(w.emitted('assign')).toEqual([['L4', null, 'op-sara']]);

    await w.get('[data-testid="queue-order-call"]').trigger('click');
    expect(w.findAll('[data-testid="queue-group"]')).toHaveLength(0);
    expect(rows()).toEqual(['L1', 'L2', 'L3', 'L4']);
  });

  it('names the toggle and the leads without a company in French and English', async () => {
    for (const [locale, label, none] of [
      ['fr', 'Par entreprise', 'Sans entreprise'],
      ['en', 'By account', 'No company'],
    ] as const) {
      const w = mountQueue(locale);
      await w.get('[data-testid="queue-order-account"]').trigger('click');
      expect(w.get('[data-testid="queue-order-account"]').text()).toBe(label);
      expect(w.findAll('[data-testid="queue-group-name"]').map((n) => n.text())).toContain(none);
    }
  });
});
