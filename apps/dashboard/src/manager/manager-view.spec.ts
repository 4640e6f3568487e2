import { describe, expect, it } from 'vitest';
import { lead, operator } from './manager-fixtures';
import {
  changedOwners,
  expectedOwners,
  filterRows,
  hotLeadRows,
  listIds,
  moveTargets,
  nounKey,
  nounKindOf,
  operatorColumns,
  rangeBetween,
  waitingSeconds,
} from './manager-view';

const ops = new Map(
  [
    operator('op-jr', { name: 'Luca Bianchi' }),
    operator('op-marco', { name: 'Marco Rossi', seniority: 'senior' }, { prospect: 4, opportunity: 1 }),
    operator('op-anna', { name: 'Anna Verdi', seniority: 'senior' }, { prospect: 1 }),
    operator('op-zoe', { name: 'Zoe', seniority: 'senior', state: 'offline' }),
  ].map((o) => [o.operatorId, o]),
);
const now = Date.parse('2026-11-23T10:00:00Z');

describe('hot lead rows', () => {
  it('names the owner with their seniority, longest waiting first', () => {
    const rows = hotLeadRows(
      [lead('L-2', 'prospect', 'op-marco', '2026-11-23T09:00:00Z'), lead('L-1', 'opportunity', null, '2026-11-23T07:00:00Z'), lead('L-3', 'prospect', 'op-zoe', '2026-11-23T09:00:00Z')],
      ops,
      now,
    );
    expect(rows.map((r) => r.leadId)).toEqual(['L-1', 'L-2', 'L-3']);
    expect(rows[0]).toMatchObject({ ownerName: null, ownerSeniority: null, waitingSeconds: 3 * 3600 });
    expect(rows[1]).toMatchObject({ ownerName: 'Marco Rossi', ownerSeniority: 'senior', ownerOffline: false });
    expect(rows[2]).toMatchObject({ ownerOffline: true });
  });

  it('shows an unknown owner by id', () => {
    const [row] = hotLeadRows([lead('L-1', 'prospect', 'op-ghost')], ops, now);
    expect(row.ownerName).toBe('op-ghost');
    expect(row.ownerSeniority).toBeNull();
  });

  it('filters by owner: nobody, juniors (and unknown owners), seniors', () => {
    const rows = hotLeadRows([lead('L-1', 'prospect', null), lead('L-2', 'prospect', 'op-jr'), lead('L-3', 'prospect', 'op-marco'), lead('L-4', 'prospect', 'op-ghost')], ops, now);
    expect(filterRows(rows, 'noOwner').map((r) => r.leadId)).toEqual(['L-1']);
    expect(filterRows(rows, 'junior').map((r) => r.leadId)).toEqual(['L-2', 'L-4']);
    expect(filterRows(rows, 'senior').map((r) => r.leadId)).toEqual(['L-3']);
    expect(filterRows(rows, 'all')).toHaveLength(4);
  });

  it('has no age for a bad date', () => {
    expect(waitingSeconds('not a date', now)).toBeNull();
    expect(waitingSeconds('2026-11-23T10:00:05Z', now)).toBe(0);
  });
});

describe('operator columns and targets', () => {
  it('keeps a stable order: logged-in seniors, juniors, then offline, each by name', () => {
    expect(operatorColumns(ops.values()).map((c) => c.op.operatorId)).toEqual(['op-anna', 'op-marco', 'op-jr', 'op-zoe']);
  });

  it('measures the hot load against the cap', () => {
    const byId = new Map(operatorColumns(ops.values(), 5).map((c) => [c.op.operatorId, c]));
    expect(byId.get('op-marco')).toMatchObject({ hot: 5, fill: 1, full: true, senior: true });
    expect(byId.get('op-anna')).toMatchObject({ hot: 1, fill: 0.2, full: false });
    expect(byId.get('op-zoe')).toMatchObject({ offline: true, hot: 0 });
  });

  it('offers logged-in operators only, seniors with the most room first', () => {
    expect(moveTargets(ops.values()).map((o) => o.operatorId)).toEqual(['op-anna', 'op-marco', 'op-jr']);
  });
});

describe('moves', () => {
  it('sends the owners on screen as expectedOwners, only for leads it knows', () => {
    const leads = new Map([lead('L-1', 'prospect', 'op-jr'), lead('L-2', 'prospect', null)].map((l) => [l.leadId, l]));
    expect(expectedOwners(['L-1', 'L-2', 'L-9'], leads)).toEqual({ 'L-1': 'op-jr', 'L-2': null });
  });

  it('selects a shift-click range in either direction', () => {
    const ids = ['a', 'b', 'c', 'd'];
    expect(rangeBetween(ids, 'b', 'd')).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(ids, 'd', 'b')).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(ids, null, 'c')).toEqual(['c']);
    expect(rangeBetween(ids, 'gone', 'c')).toEqual(['c']);
    expect(rangeBetween(ids, 'a', 'gone')).toEqual([]);
  });

  it('lists the leads of a 409 with their owner now', () => {
    expect(changedOwners({ leadIds: ['L-1', 'L-2'], currentOwners: { 'L-1': 'op-anna', 'L-2': null } })).toEqual([
      { leadId: 'L-1', ownerOperatorId: 'op-anna' },
      { leadId: 'L-2', ownerOperatorId: null },
    ]);
  });

  it('cuts long id lists', () => {
    expect(listIds(['a', 'b'])).toBe('a, b');
    expect(listIds(['a', 'b', 'c'], 2)).toBe('a, b, … (+1)');
  });
});

describe('nouns', () => {
  it('picks the noun of the stages and the singular for one', () => {
    expect(nounKindOf(['prospect', 'prospect'])).toBe('prospect');
    expect(nounKindOf(['opportunity'])).toBe('opportunity');
    expect(nounKindOf(['prospect', 'opportunity'])).toBe('hot');
    expect(nounKindOf(['prospect', 'customer'])).toBe('lead');
    expect(nounKindOf([])).toBe('lead');
    expect(nounKey('prospect', 1)).toBe('manager.nouns.prospectOne');
    expect(nounKey('hot', 0)).toBe('manager.nouns.hotMany');
  });
});
