/**
 * Seeded random lead histories for tests outside this library (worker integration, system tests):
 * realistic mixes of VICIdial and canonical codes, unknown codes, BANT answers and equal timestamps.
 */
import type { CallOutcomeEvent, LeadCreatedEvent } from '@leadboard/contracts';
import type { LeadEvent } from '../lead-funnel';

const DISPOSITIONS = ['NA', 'B', 'AM', 'DROP', 'NI', 'DEC', 'CALLBK', 'INTERESTED', 'QUALIFIED', 'XFER', 'APPOINTMENT_SET', 'SALE', 'DNC', 'XYZ'];

/** mulberry32-style PRNG: the same seed gives the same history, so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

export function shuffled<T>(rand: () => number, list: readonly T[]): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Splits a list into consecutive chunks of 1..maxSize items. */
export function randomChunks<T>(rand: () => number, list: readonly T[], maxSize: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; ) {
    const n = 1 + Math.floor(rand() * maxSize);
    out.push(list.slice(i, i + n));
    i += n;
  }
  return out;
}

/** One lead's events: a lead.created and 1..maxCalls calls within 20 minutes of t0 (seconds resolution). */
export function randomLeadHistory(
  rand: () => number,
  opts: { campaignId: string; leadId: string; t0: number; maxCalls?: number; operators?: number },
): LeadEvent[] {
  const { campaignId, leadId, t0 } = opts;
  const created: LeadCreatedEvent = {
    eventId: `lc-${leadId}`,
    type: 'lead.created',
    occurredAt: new Date(t0 + Math.floor(rand() * 600) * 1000).toISOString(),
    campaignId,
    leadId,
    lead: { source: 'web_form', name: `N ${leadId}` },
  };
  const events: LeadEvent[] = [created];
  const calls = 1 + Math.floor(rand() * (opts.maxCalls ?? 6));
  for (let i = 0; i < calls; i++) {
    const call: CallOutcomeEvent = {
      eventId: `co-${leadId}-${i}`,
      type: 'call.outcome',
      occurredAt: new Date(t0 + Math.floor(rand() * 1200) * 1000).toISOString(),
      campaignId,
      leadId,
      operatorId: `op-${Math.floor(rand() * (opts.operators ?? 4))}`,
      disposition: DISPOSITIONS[Math.floor(rand() * DISPOSITIONS.length)],
      talkSeconds: Math.floor(rand() * 300),
      wrapSeconds: 10,
      qualification:
        rand() < 0.4 ? { need: rand() < 0.7, budget: rand() < 0.7, authority: rand() < 0.7, timeline: rand() < 0.7 } : null,
      callbackAt: null,
    };
    events.push(call);
  }
  return events;
}
