import { describe, expect, it } from 'vitest';
import { accountFunnelRows } from './account-funnel';

describe('accountFunnelRows', () => {
  it('counts every account, those at least potential, and customers, each with its conversion', () => {
    expect(accountFunnelRows({ lead: 6, potential: 3, customer: 1 })).toEqual([
      { step: 'accounts', count: 10, conversion: null, width: 1 },
      { step: 'potential', count: 4, conversion: 0.4, width: 0.4 },
      { step: 'customer', count: 1, conversion: 0.25, width: 0.1 },
    ]);
  });

  it('shows empty rows before the first figures, with no conversion to divide', () => {
    expect(accountFunnelRows(null).map((r) => [r.count, r.conversion, r.width])).toEqual([
      [0, null, 0],
      [0, null, 0],
      [0, null, 0],
    ]);
  });
});
