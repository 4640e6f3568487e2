/**
 * Ingest as a well-behaved client does it: 8 posters take batches from one shared plan and send each
 * to the APIs in turn; anything but a `202` (a `503` while Redis is away, a refused connection to a
 * killed API, a `429`) is sent again, to the next API, until it is accepted. Every answer is recorded
 * with its times, so a scenario can say which events were accepted when.
 */
import type { LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';

export interface Attempt {
  api: number;
  sentAt: number;
  answeredAt: number;
  /** 0: no HTTP answer (connection refused or cut). */
  status: number;
}

export interface Batch {
  no: number;
  events: LeadEvent[];
  attempts: Attempt[];
  /** When the `202` came back; null while not accepted. */
  acceptedAt: number | null;
  acceptedSentAt: number | null;
}

export interface TrafficPlan {
  campaigns: string[];
  /** Every lead's whole history (what the posters will send). */
  byLead: Map<string, LeadEvent[]>;
  batches: Batch[];
}

export function planTraffic(seed: number, opts: { campaigns: string[]; leadsPerCampaign: number; maxBatch?: number }): TrafficPlan {
  const rand = seededRandom(seed);
  const t0 = Date.now() - 30 * 60_000;
  const byLead = new Map<string, LeadEvent[]>();
  for (const campaignId of opts.campaigns) {
    for (let i = 0; i < opts.leadsPerCampaign; i++) {
      const leadId = `${campaignId}-L${i}`;
      byLead.set(leadId, randomLeadHistory(rand, { campaignId, leadId, t0, maxCalls: 10, operators: 6 }));
    }
  }
  const all = shuffled(rand, [...byLead.values()].flat());
  const batches = randomChunks(rand, all, opts.maxBatch ?? 20).map((events, no) => ({ no, events, attempts: [], acceptedAt: null, acceptedSentAt: null }));
  return { campaigns: opts.campaigns, byLead, batches };
}

export interface Traffic {
  /** Resolves when every batch was accepted (or the deadline passed: the batches left are then not accepted). */
  done: Promise<void>;
  /** Events accepted so far, and the `202`s' times. */
  acceptedEvents(): number;
  /** Stops sending new batches (those in flight finish). */
  stop(): void;
}

/**
 * Sends the plan's batches with `posters` concurrent posters over `durationMs` (each poster waits
 * between its requests so that the plan lasts about that long), alternating between the APIs.
 */
export function startTraffic(
  plan: TrafficPlan,
  opts: { apiUrls: () => string[]; ingestKey: string; posters?: number; durationMs: number; deadlineMs?: number },
): Traffic {
  const posters = opts.posters ?? 8;
  const queue = [...plan.batches];
  const paceMs = (opts.durationMs * posters) / Math.max(1, plan.batches.length);
  const deadline = Date.now() + (opts.deadlineMs ?? opts.durationMs + 90_000);
  let stopped = false;
  let accepted = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function send(batch: Batch, api: number): Promise<number> {
    const urls = opts.apiUrls();
    const url = urls[api % urls.length];
    const sentAt = Date.now();
    let status = 0;
    try {
      const res = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.ingestKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: batch.events }),
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    const answeredAt = Date.now();
    batch.attempts.push({ api: api % urls.length, sentAt, answeredAt, status });
    if (status === 202) {
      batch.acceptedAt = answeredAt;
      batch.acceptedSentAt = sentAt;
      accepted += batch.events.length;
    }
    return status;
  }

  async function poster(index: number): Promise<void> {
    let api = index;
    // Start staggered so the posters do not fire in step.
    await sleep((paceMs / posters) * index);
    for (let batch = queue.shift(); batch && !stopped; batch = queue.shift()) {
      const started = Date.now();
      for (;;) {
        const status = await send(batch, api++);
        if (status === 202) break;
        if (Date.now() > deadline || stopped) return;
        await sleep(status === 0 ? 200 : 400);
      }
      await sleep(Math.max(0, paceMs - (Date.now() - started)));
    }
  }

  const done = Promise.all(Array.from({ length: posters }, (_, i) => poster(i))).then(() => undefined);
  return {
    done,
    acceptedEvents: () => accepted,
    stop: () => {
      stopped = true;
    },
  };
}
