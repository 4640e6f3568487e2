/**
 * The account funnel (docs/DOMAIN.md, "B2B: accounts") as rows to draw: every account of the
 * campaign, those that became potential (a lead reached prospect), those that became customers — each
 * with its conversion from the row above. `potential` counts the accounts at least potential, like the
 * people funnel counts stages reached: a customer account was a potential one first.
 */
import type { AccountCounts } from '@leadboard/contracts';

export type AccountFunnelStep = 'accounts' | 'potential' | 'customer';

export interface AccountFunnelRow {
  step: AccountFunnelStep;
  count: number;
  /** Share of the row above (null for the first row, or when the row above is empty). */
  conversion: number | null;
  /** Bar width, 0..1 of the first row. */
  width: number;
}

export function accountFunnelRows(counts: AccountCounts | null | undefined): AccountFunnelRow[] {
  const c = counts ?? { lead: 0, potential: 0, customer: 0 };
  const all = c.lead + c.potential + c.customer;
  const potential = c.potential + c.customer;
  const steps: [AccountFunnelStep, number][] = [
    ['accounts', all],
    ['potential', potential],
    ['customer', c.customer],
  ];
  return steps.map(([step, count], i) => {
    const above = i === 0 ? null : steps[i - 1][1];
    return { step, count, conversion: above === null || above === 0 ? null : count / above, width: all > 0 ? count / all : 0 };
  });
}
