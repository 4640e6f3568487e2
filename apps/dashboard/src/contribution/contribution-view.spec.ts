import type { OperatorContribution } from '@leadboard/contracts';
import { describe, expect, it } from 'vitest';
import { barWidths, leaderboard, rateOf, sortRows } from './contribution-view';

const row = (operatorId: string, f: Partial<OperatorContribution> = {}): OperatorContribution => ({
  operatorId,
  name: null,
  displayName: operatorId,
  seniority: 'junior',
  calls: 0,
  contacts: 0,
  qualified: 0,
  opportunities: 0,
  closed: 0,
  prospectsOwned: 0,
  qualificationRate: null,
  closeRate: null,
  ...f,
});

describe('contribution view', () => {
  const rows = [
    row('s1', { seniority: 'senior', closed: 3, contacts: 4, closeRate: 0.5, prospectsOwned: 3 }),
    row('j1', { contacts: 10, qualified: 4, qualificationRate: 0.4 }),
    row('j2', { contacts: 5, qualified: 4, qualificationRate: 0.8 }),
    row('j3', { contacts: 0 }),
  ];

  it('takes the rate that fits the seniority', () => {
    expect(rows.map(rateOf)).toEqual([0.5, 0.4, 0.8, null]);
  });

  it('sorts by a column, highest first or last, ties in the server order', () => {
    expect(sortRows(rows, 'qualified').map((r) => r.operatorId)).toEqual(['j1', 'j2', 's1', 'j3']);
    expect(sortRows(rows, 'rate').map((r) => r.operatorId)).toEqual(['j2', 's1', 'j1', 'j3']);
    expect(sortRows(rows, 'contacts', false).map((r) => r.operatorId)).toEqual(['j3', 's1', 'j2', 'j1']);
  });

  it('draws bars relative to the largest value', () => {
    expect(barWidths(rows, 'contacts')).toEqual([40, 100, 50, 0]);
    expect(barWidths([row('a')], 'closed')).toEqual([0]);
  });

  it('splits the leaderboard into qualifiers and closers, only those who did something', () => {
    const board = leaderboard(rows, 5);
    expect(board.qualifiers.map((r) => r.operatorId)).toEqual(['j2', 'j1']);
    expect(board.closers.map((r) => r.operatorId)).toEqual(['s1']);
    expect(leaderboard(rows, 1).qualifiers).toHaveLength(1);
  });
});
