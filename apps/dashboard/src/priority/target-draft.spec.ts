import { describe, expect, it } from 'vitest';
import { draftRules, draftTotal, rowOf, ruleOf } from './target-draft';

describe('target draft', () => {
  it('turns typed rows into rules: lists for "in", numbers for gte/lte', () => {
    expect(ruleOf({ field: ' sector ', op: 'in', value: 'hotels, spa,', weight: 20 })).toEqual({ field: 'sector', op: 'in', value: ['hotels', 'spa'], weight: 20 });
    expect(ruleOf({ field: 'company.employees', op: 'gte', value: '1,5', weight: 10 })).toEqual({ field: 'company.employees', op: 'gte', value: 1.5, weight: 10 });
    expect(ruleOf({ field: 'x', op: 'gte', value: 'many', weight: 10 })).toBeNull();
    expect(ruleOf({ field: '', op: 'eq', value: 'a', weight: 10 })).toBeNull();
    expect(rowOf({ field: 'sector', op: 'in', value: ['a', 'b'], weight: 5 })).toEqual({ field: 'sector', op: 'in', value: 'a, b', weight: 5 });
  });

  it('refuses a draft over 40 points or with an incomplete row', () => {
    const ok = { field: 'a', op: 'eq' as const, value: 'x', weight: 25 };
    expect(draftTotal([ok, { ...ok, weight: 15 }])).toBe(40);
    expect(draftRules([ok, { ...ok, weight: 15 }])).toHaveLength(2);
    expect(draftRules([ok, { ...ok, weight: 16 }])).toBeNull();
    expect(draftRules([ok, { ...ok, value: ' ' }])).toBeNull();
    expect(draftRules([])).toEqual([]);
  });
});
