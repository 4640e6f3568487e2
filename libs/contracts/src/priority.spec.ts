import { campaignSettingsPatchSchema } from './alerts';
import { queueQuerySchema, targetSchema } from './priority';

const messages = (value: unknown) => {
  const r = campaignSettingsPatchSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('target', () => {
  it('takes rules whose weights add up to at most 40', () => {
    const target = [
      { field: 'sector', op: 'in', value: ['hotels', 'spa'], weight: 25 },
      { field: 'company.employees', op: 'gte', value: 50, weight: 15 },
    ];
    expect(targetSchema.parse(target)).toEqual(target);
    expect(messages({ target, hotThreshold: 65 })).toEqual([]);
  });

  it('refuses more than 40 points with a message that says what to do', () => {
    expect(messages({ target: [{ field: 'a', op: 'eq', value: 'x', weight: 30 }, { field: 'b', op: 'eq', value: 'y', weight: 20 }] })).toEqual([
      "target: the weights add up to 50, more than 40: lower some rules' weights",
    ]);
  });

  it('checks each rule: operator, value shape, weight', () => {
    expect(messages({ target: [{ field: 'a', op: 'between', value: 1, weight: 5 }] })).toEqual(['target.0.op: must be one of eq, in, gte, lte, contains']);
    expect(messages({ target: [{ field: 'a', op: 'in', value: 'x', weight: 5 }] })).toEqual(['target.0.value: "in" takes a list of values']);
    expect(messages({ target: [{ field: 'a', op: 'gte', value: 'ten', weight: 5 }] })).toEqual(['target.0.value: "gte" compares numbers: give a number']);
    expect(messages({ target: [{ field: ' ', op: 'eq', value: 'x', weight: 5 }] })).toEqual(['target.0.field: must be a field name such as sector, source or company.employees']);
    expect(messages({ target: [{ field: 'a', op: 'eq', value: 'x', weight: 0 }] })).toHaveLength(1);
    expect(messages({ hotThreshold: 0 })).toHaveLength(1);
  });
});

describe('queue query', () => {
  it('defaults to 50 leads as JSON and caps the page at 500', () => {
    expect(queueQuerySchema.parse({})).toEqual({ limit: 50, format: 'json' });
    expect(queueQuerySchema.parse({ limit: '20', format: 'csv' })).toEqual({ limit: 20, format: 'csv' });
    expect(queueQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
  });
});
