/**
 * The settings panel's comparison: the campaign's funnel and rates as stored beside the ones a
 * what-if proposes, with the difference, row by row (pure, so the component only draws).
 */
import { FUNNEL_STAGES, type ConversionRates, type FunnelStage, type WhatIfResult } from '@leadboard/contracts';

export interface FunnelComparisonRow {
  stage: FunnelStage;
  current: number;
  proposed: number;
  delta: number;
}

export interface RateComparisonRow {
  rate: keyof ConversionRates;
  current: number | null;
  proposed: number | null;
  /** proposed − current in rate points (null when either is unknown). */
  delta: number | null;
}

export const COMPARED_RATES = ['contact', 'qualification', 'prospectPerContacted', 'close'] as const satisfies readonly (keyof ConversionRates)[];

export function funnelComparison(result: WhatIfResult): FunnelComparisonRow[] {
  return FUNNEL_STAGES.map((stage) => {
    const current = result.current.funnel[stage];
    const proposed = result.proposed.funnel[stage];
    return { stage, current, proposed, delta: proposed - current };
  });
}

export function rateComparison(result: WhatIfResult): RateComparisonRow[] {
  return COMPARED_RATES.map((rate) => {
    const current = result.current.rates[rate];
    const proposed = result.proposed.rates[rate];
    return { rate, current, proposed, delta: current === null || proposed === null ? null : Math.round((proposed - current) * 10_000) / 10_000 };
  });
}

/** Leads the proposed settings send to nurturing beyond today's (a lower maximum of attempts). */
export function nurturingDelta(result: WhatIfResult): number {
  return result.proposed.stages.nurturing - result.current.stages.nurturing;
}

/** True when the proposed settings are the campaign's own (nothing to save). */
export function isUnchanged(result: Pick<WhatIfResult, 'rules'>): boolean {
  const { current, proposed } = result.rules;
  return current.qualificationThreshold === proposed.qualificationThreshold && current.maxAttempts === proposed.maxAttempts;
}
