import { meetsRule, targetFieldValue, targetScore, type TargetFacts, type TargetRule } from './target-rules';

const facts = (attributes: Record<string, unknown> | null, company: Record<string, unknown> | null = null, source: string | null = 'csv_import'): TargetFacts => ({
  attributes,
  company,
  source,
});
const rule = (field: string, op: TargetRule['op'], value: TargetRule['value'], weight = 10): TargetRule => ({ field, op, value, weight });

describe('target rules', () => {
  it('reads attributes by bare or prefixed name, whatever the key case', () => {
    expect(targetFieldValue(facts({ Sector: 'retail' }), 'sector')).toBe('retail');
    expect(targetFieldValue(facts({ sector: 'retail' }), 'attributes.sector')).toBe('retail');
    expect(targetFieldValue(facts(null), 'source')).toBe('csv_import');
  });

  it('compares text without case or accents, and numbers written as text', () => {
    expect(meetsRule(facts({ city: ' Génova ' }), rule('city', 'eq', 'genova'))).toBe(true);
    expect(meetsRule(facts({ employees: '1.200' }), rule('employees', 'gte', 1000))).toBe(false);
    expect(meetsRule(facts({ employees: '1200' }), rule('employees', 'gte', 1000))).toBe(true);
    expect(meetsRule(facts({ budget: '2,5' }), rule('budget', 'lte', 3))).toBe(true);
    expect(meetsRule(facts({ budget: 'a lot' }), rule('budget', 'lte', 3))).toBe(false);
    expect(meetsRule(facts({ owner: 'sì' }), rule('owner', 'eq', true))).toBe(true);
    expect(meetsRule(facts({ tags: ['Pool', 'Spa'] }), rule('tags', 'eq', 'spa'))).toBe(true);
    expect(meetsRule(facts({ job: 'Head of Purchasing' }), rule('job', 'contains', 'purchas'))).toBe(true);
    expect(meetsRule(facts({ region: 'Liguria' }), rule('region', 'in', ['Piemonte', 'liguria']))).toBe(true);
  });

  it('never matches a field the lead does not have', () => {
    expect(meetsRule(facts(null), rule('sector', 'eq', 'retail'))).toBe(false);
    expect(meetsRule(facts({ sector: null }), rule('sector', 'contains', ''))).toBe(false);
    expect(meetsRule(facts({}, null), rule('company.sector', 'eq', 'retail'))).toBe(false);
  });

  it('prefers the lead company, then its company_ attribute', () => {
    expect(targetFieldValue(facts({ company_sector: 'retail' }, { sector: 'hotels' }), 'company.sector')).toBe('hotels');
    expect(targetFieldValue(facts({ company_sector: 'retail' }, { name: 'x' }), 'company.sector')).toBe('retail');
  });

  it('scores the weights of the rules met, capped', () => {
    const rules = [rule('a', 'eq', 1, 30), rule('b', 'eq', 1, 30), rule('c', 'eq', 1, 5)];
    expect(targetScore(facts({ a: 1, b: '1' }), rules, 40)).toEqual({ points: 40, matched: 2 });
    expect(targetScore(facts({ c: 1 }), rules, 40)).toEqual({ points: 5, matched: 1 });
  });
});
