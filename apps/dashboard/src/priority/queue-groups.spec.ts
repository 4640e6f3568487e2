import type { QueueItem } from '@leadboard/contracts';
import { describe, expect, it } from 'vitest';
import { groupQueueByAccount } from './queue-groups';

const item = (leadId: string, priority: number, account: string | null, hot = priority >= 70): QueueItem => ({
  leadId,
  stage: 'new',
  priority,
  hot,
  reasons: [],
  waitingSince: null,
  ownerOperatorId: null,
  initials: '',
  account: account ? { accountId: `acc-${account}`, name: account } : null,
});

describe('the queue grouped by account', () => {
  it('puts the company with the hottest lead first and keeps the queue order inside each company', () => {
    const queue = [item('L1', 90, 'Idraulica Sud'), item('L2', 80, null), item('L3', 75, 'Hotel Lago'), item('L4', 60, 'Idraulica Sud'), item('L5', 50, null), item('L6', 40, 'Hotel Lago')];
    const groups = groupQueueByAccount(queue);
    expect(groups.map((g) => [g.accountId, g.name, g.items.map((i) => i.leadId), g.bestPriority, g.hot])).toEqual([
      ['acc-Idraulica Sud', 'Idraulica Sud', ['L1', 'L4'], 90, 1],
      [null, null, ['L2', 'L5'], 80, 1],
      ['acc-Hotel Lago', 'Hotel Lago', ['L3', 'L6'], 75, 1],
    ]);
  });

  it('treats a missing account (a wall token, an older server) like no company, and an empty queue as no groups', () => {
    const { account: _a, ...noField } = item('L1', 30, 'X');
    expect(groupQueueByAccount([noField, item('L2', 20, null)]).map((g) => [g.accountId, g.items.length])).toEqual([[null, 2]]);
    expect(groupQueueByAccount([])).toEqual([]);
  });
});
