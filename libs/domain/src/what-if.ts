/**
 * What-if (domain page, "Each company draws its own line"): a campaign's whole history folded again
 * under other rules, with nothing stored. The history comes as a stream of chunks (the server reads it
 * through a database cursor, a chunk at a time), so only one chunk is held at once. Each lead is folded
 * by `foldCallCodes` — the funnel alone, over its calls coded as numbers (call-codes.ts), proved to end
 * where `foldLeadEvents` ends — and its final state is tallied as the campaign's metrics count it.
 */
import type { FunnelCounts, StageCounts } from '@leadboard/contracts';
import { encodeLeadCalls, foldCallCodes, type EncodedLead, type LeadFunnelState } from './call-codes';
import { computeRates, emptyFunnelCounts, emptyStageCounts, funnelReached, type LeadsSummary } from './campaign-metrics';
import type { DispositionMapping } from './disposition-mapping';
import type { LeadEvent } from './lead-funnel';
import type { CampaignRules } from './lead-state';

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

  add(state: LeadFunnelState, events = 0): void {
    this.leads += 1;
    this.events += events;
    this.stages[state.stage] += 1;
    for (const stage of funnelReached(state)) this.funnel[stage] += 1;
  }

  result(): FunnelTally {
    return { stages: { ...this.stages }, funnel: { ...this.funnel }, rates: computeRates(this.funnel), leads: this.leads, events: this.events };
  }
}


/** Folds a stream of chunks of whole leads under `rules`; each lead is counted once, as `new` at least. */
export async function foldEncodedHistory(chunks: AsyncIterable<readonly EncodedLead[]>, rules: CampaignRules): Promise<FunnelTally> {
  const tally = new FunnelTallier();
  for await (const chunk of chunks) {
    for (const lead of chunk) tally.add(foldCallCodes(lead.calls, rules), lead.events);
  }
  return tally.result();
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
  async function* leads(): AsyncIterable<EncodedLead[]> {
    let leadId: string | null = null;
    let pending: LeadEvent[] = [];
    for await (const chunk of chunks) {
      const out: EncodedLead[] = [];
      for (const event of chunk) {
        if (event.leadId !== leadId && pending.length) {
          out.push({ events: pending.length, calls: encodeLeadCalls(pending, mapping) });
          pending = [];
        }
        leadId = event.leadId;
        pending.push(event);
      }
      yield out;
    }
    if (pending.length) yield [{ events: pending.length, calls: encodeLeadCalls(pending, mapping) }];
  }
  return foldEncodedHistory(leads(), rules);
}
