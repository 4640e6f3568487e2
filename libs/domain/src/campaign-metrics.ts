/** Campaign-to-date metrics as pure reducers over lead states (domain page, "Metrics" and rule 5). */
import { FUNNEL_STAGES } from '@leadboard/contracts';
import type { ConversionRates, FunnelCounts, FunnelStage, StageCounts } from '@leadboard/contracts';
import { eventTime } from './event-order';
import type { LeadState } from './lead-state';

export interface LeadsSummary {
  stages: StageCounts;
  funnel: FunnelCounts;
  rates: ConversionRates;
  attemptsPerLead: number | null;
  speedToLeadMedianSeconds: number | null;
  unmappedDispositions: number;
}

export function emptyStageCounts(): StageCounts {
  return { new: 0, contacted: 0, prospect: 0, opportunity: 0, customer: 0, nurturing: 0, lost: 0, dnc: 0 };
}

export function emptyFunnelCounts(): FunnelCounts {
  return { new: 0, contacted: 0, prospect: 0, opportunity: 0, customer: 0 };
}

/** Rule 5: reached stages, not the current one; a lead reached by a person counts as contacted whatever they said. */
export function funnelReached(state: Pick<LeadState, 'maxRank' | 'contacted'>): FunnelStage[] {
  return FUNNEL_STAGES.filter((stage, rank) => rank === 0 || state.maxRank >= rank || (stage === 'contacted' && state.contacted));
}

/** numerator / denominator rounded half up to 4 decimals; the division by integers keeps exact halves exact. */
export function ratio(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator * 10_000) / denominator) / 10_000;
}

export function computeRates(funnel: FunnelCounts): ConversionRates {
  return {
    contact: ratio(funnel.contacted, funnel.new),
    qualification: ratio(funnel.prospect, funnel.new),
    prospectPerContacted: ratio(funnel.prospect, funnel.contacted),
    close: ratio(funnel.customer, funnel.prospect),
  };
}

/** Median of the values; the mean of the two middle ones for an even count; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The reference the server's SQL is tested against: keep it exactly the domain page's definitions. */
export function summarizeLeads(states: Iterable<LeadState>): LeadsSummary {
  const stages = emptyStageCounts();
  const funnel = emptyFunnelCounts();
  const speedToLeadMs: number[] = [];
  let leads = 0;
  let attempts = 0;
  let unmappedDispositions = 0;
  for (const state of states) {
    leads += 1;
    stages[state.stage] += 1;
    for (const stage of funnelReached(state)) funnel[stage] += 1;
    attempts += state.attempts;
    unmappedDispositions += state.unmapped;
    if (state.firstCallAt !== null && state.firstEventAt !== null) {
      speedToLeadMs.push(eventTime(state.firstCallAt) - eventTime(state.firstEventAt));
    }
  }
  const medianMs = median(speedToLeadMs);
  return {
    stages,
    funnel,
    rates: computeRates(funnel),
    attemptsPerLead: ratio(attempts, leads),
    speedToLeadMedianSeconds: medianMs === null ? null : medianMs / 1000,
    unmappedDispositions,
  };
}
