/**
 * What-if (domain page, "Each company draws its own line"): a campaign's whole history folded again
 * under other rules, with nothing stored. The history comes as a stream of events ordered by lead (the
 * server reads it through a database cursor, a chunk at a time), so only one lead's events are held at
 * once: each lead is folded with the same `foldLeadEvents` the worker uses, and its final state is
 * tallied by the same reducers as the campaign's metrics.
 */
import type { FunnelCounts, StageCounts } from '@leadboard/contracts';
import { computeRates, emptyFunnelCounts, emptyStageCounts, funnelReached, type LeadsSummary } from './campaign-metrics';
import type { DispositionMapping } from './disposition-mapping';
import { foldLeadEvents, type LeadEvent } from './lead-funnel';
import type { CampaignRules, LeadState } from './lead-state';

export interface FunnelTally {
  stages: StageCounts;
  funnel: FunnelCounts;
  rates: LeadsSummary['rates'];
  leads: number;
  events: number;
}

/** Adds lead states one at a time: the current distribution and the funnel, as `summarizeLeads` counts them. */
export class FunnelTallier {
  private readonly stages = emptyStageCounts();
  private readonly funnel = emptyFunnelCounts();
  private leads = 0;
  private events = 0;

  add(state: LeadState, events = 0): void {
    this.leads += 1;
    this.events += events;
    this.stages[state.stage] += 1;
    for (const stage of funnelReached(state)) this.funnel[stage] += 1;
  }

  result(): FunnelTally {
    return { stages: { ...this.stages }, funnel: { ...this.funnel }, rates: computeRates(this.funnel), leads: this.leads, events: this.events };
  }
}

/**
 * Folds a stream of event chunks, ordered by lead (a lead's events are consecutive, in any order
 * among themselves; a lead may straddle two chunks), under `rules`. Leads whose events never reach the
 * stream (none stored) are not counted: the caller streams every lead it wants counted.
 */
export async function foldHistoryUnderRules(
  chunks: AsyncIterable<readonly LeadEvent[]>,
  rules: CampaignRules,
  mapping?: DispositionMapping,
): Promise<FunnelTally> {
  const tally = new FunnelTallier();
  let leadId: string | null = null;
  let pending: LeadEvent[] = [];
  const flush = () => {
    if (pending.length) tally.add(foldLeadEvents(pending, rules, mapping).state, pending.length);
    pending = [];
  };
  for await (const chunk of chunks) {
    for (const event of chunk) {
      if (event.leadId !== leadId) {
        flush();
        leadId = event.leadId;
      }
      pending.push(event);
    }
  }
  flush();
  return tally.result();
}
