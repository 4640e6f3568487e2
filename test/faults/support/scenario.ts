/**
 * One fault scenario from start to verdict: a cluster, screens connected through the balancer,
 * 8 posters, the fault (the scenario's own function, run while the posters post), then the reckoning:
 * every accepted event applied exactly once (the funnel equal to the domain's fold of the accepted
 * events), every screen equal to a fresh snapshot, no dead letters, no process dead that the
 * scenario did not kill. Prints one summary line; the spec asserts on the returned result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignMetrics, DeadLetterSummary } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, foldLeadEvents, summarizeLeads, type LeadEvent } from '@leadboard/domain';
import { login } from '../../support/stack';
import { ROOT } from '../../support/test-env';
import { waitFor } from '../../support/wait';
import { startCluster, type Cluster } from './fault-cluster';
import { LiveScreen, figuresOf, freshSnapshot, type Figures } from './live-screen';
import { planTraffic, startTraffic, type Batch, type Traffic } from './traffic';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How long nothing may be applied before the missing events are called lost: a job that was active
 * when its worker or Redis died waits out its lock (WORKER_LOCK_MS, 30 s) and then the next
 * stalled-job check (as long again) before another worker takes it.
 */
const NO_PROGRESS_MS = 75_000;

export interface FaultContext {
  cluster: Cluster;
  traffic: Traffic;
  /** Every batch of the plan, with its attempts so far. */
  batches: Batch[];
  /** What the scenario observed during the fault, printed and returned (e.g. answers while Redis was down). */
  observed: Record<string, number | string>;
  /** Events whose `202` came back in [from, to] may be lost (Redis SIGKILL with AOF everysec). */
  allowLoss(from: number, to: number): void;
  /** The fault is over (a process back, the link restored): recovery is timed from here. */
  faultEnded(): void;
  /** Events accepted so far and not applied yet. */
  backlog(): Promise<number>;
}

export interface ScenarioSpec {
  name: string;
  /** What the scenario breaks, in words (the summary line's `broke`). */
  broke: string;
  seed: number;
  leadsPerCampaign?: number;
  /** How long the posters take to send the plan. */
  trafficMs?: number;
  /** When the fault starts, after the posters start. */
  faultAtMs?: number;
  env?: Record<string, string>;
  /** Every process reaches PostgreSQL through a proxy of its own (the scenario breaks that link). */
  pgProxy?: boolean;
  fault(ctx: FaultContext): Promise<void>;
}

export interface ScreenVerdict {
  name: string;
  campaignId: string;
  figures: Figures | null;
  fresh: Figures | null;
  seq: number | null;
  freshSeq: number;
  counts: LiveScreen['counts'];
}

export interface ScenarioResult {
  name: string;
  accepted: number;
  applied: number;
  /** Accepted events never applied (outside an allowed loss window). */
  lost: string[];
  /** Accepted events never applied, inside the allowed loss window. */
  lostInWindow: number;
  /** Leads whose stage or number of transitions differs from the domain's fold. */
  leadMismatches: string[];
  /** Transitions recorded beyond the fold's (an event applied twice shows here). */
  duplicates: number;
  funnel: { campaignId: string; expected: unknown; actual: unknown }[];
  screens: ScreenVerdict[];
  deadLetters: { count: number; queueFailed: number };
  unexpectedExits: string[];
  /** From the end of the fault until every event accepted by then was applied (ms). */
  recoverMs: number | null;
  /** From the last `202` until every accepted event was applied (ms). */
  drainMs: number | null;
  /** Events accepted but not yet applied when the fault ended. */
  waited: number;
  latency: { p50: number | null; p99: number | null; max: number | null; n: number };
  observed: Record<string, number | string>;
  logs: string;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null);

async function appliedIds(cluster: Cluster): Promise<Set<string>> {
  const rows = (await cluster.db.query('SELECT event_id FROM events WHERE tenant_id = $1', [cluster.tenant.tenantId])) as { event_id: string }[];
  return new Set(rows.map((r) => r.event_id));
}

export async function runScenario(spec: ScenarioSpec): Promise<ScenarioResult> {
  const t0 = Date.now();
  // Progress on stdout: a scenario that hangs says where.
  const step = (what: string) => process.stdout.write(`[${spec.name} +${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);
  const cluster = await startCluster({ env: spec.env, pgProxy: spec.pgProxy });
  step('cluster up');
  const screens: LiveScreen[] = [];
  let monitor: NodeJS.Timeout | null = null;
  const stopMonitor = () => {
    if (monitor) clearInterval(monitor);
    monitor = null;
  };
  try {
    const campaigns = ['c-fault-a', 'c-fault-b'];
    const plan = planTraffic(spec.seed, { campaigns, leadsPerCampaign: spec.leadsPerCampaign ?? 100 });
    const { tenant } = cluster;
    const adminToken = await login({ apiUrl: cluster.apis[0].url }, tenant.adminEmail, tenant.adminPassword);
    const balancerUrl = `http://127.0.0.1:${cluster.balancer.port}`;
    for (const campaignId of campaigns) {
      screens.push(new LiveScreen(`wall:${campaignId}`, balancerUrl, tenant.wallToken, campaignId, { restToken: adminToken }));
      screens.push(new LiveScreen(`user:${campaignId}`, balancerUrl, adminToken, campaignId, { restToken: adminToken }));
    }
    await waitFor(() => screens.every((s) => s.figures() !== null), { timeoutMs: 30_000, what: 'every screen’s first snapshot' });
    step('screens live; posting');

    // From the fault's end: how many of the events accepted by then are applied, every 500 ms.
    let due: string[] = [];
    const timeline: { t: number; applied: number }[] = [];
    const watchRecovery = () => {
      due = plan.batches.filter((b) => b.acceptedAt !== null).flatMap((b) => b.events.map((e) => e.eventId));
      let polling = false;
      const poll = () => {
        if (polling) return;
        polling = true;
        const t = Date.now();
        cluster.db
          .query('SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND event_id = ANY($2::text[])', [tenant.tenantId, due])
          .then((rows: { n: number }[]) => timeline.push({ t, applied: rows[0].n }))
          .catch(() => undefined)
          .finally(() => (polling = false));
      };
      poll();
      monitor = setInterval(poll, 500);
    };

    const trafficMs = spec.trafficMs ?? 20_000;
    const traffic = startTraffic(plan, { apiUrls: () => cluster.apis.map((a) => a.url), ingestKey: tenant.ingestKey, durationMs: trafficMs });
    const observed: Record<string, number | string> = {};
    const lossWindows: [number, number][] = [];
    let faultEnd: number | null = null;
    await sleep(spec.faultAtMs ?? 6000);
    step('fault');
    await spec.fault({
      cluster,
      traffic,
      batches: plan.batches,
      observed,
      allowLoss: (from, to) => lossWindows.push([from, to]),
      faultEnded: () => {
        faultEnd = Date.now();
        watchRecovery();
      },
      backlog: async () => {
        const applied = await appliedIds(cluster);
        return plan.batches.filter((b) => b.acceptedAt !== null).reduce((n, b) => n + b.events.filter((e) => !applied.has(e.eventId)).length, 0);
      },
    });
    if (faultEnd === null) {
      faultEnd = Date.now();
      watchRecovery();
    }
    step('fault over; waiting for the posters');
    await traffic.done;
    step(`posters done (${traffic.acceptedEvents()} events accepted); waiting for every event to be applied`);
    const acceptedBatches = plan.batches.filter((b) => b.acceptedAt !== null);
    const accepted = new Map<string, Batch>();
    for (const b of acceptedBatches) for (const e of b.events) accepted.set(e.eventId, b);
    const lastAccepted = Math.max(...acceptedBatches.map((b) => b.acceptedAt as number));

    // Every accepted event applied, or nothing more applied for NO_PROGRESS_MS (what is missing then is lost).
    let applied = await appliedIds(cluster);
    let lastChange = Date.now();
    let appliedAllAt: number | null = null;
    const deadline = Date.now() + 300_000;
    let reported = Date.now();
    for (;;) {
      const missing = [...accepted.keys()].filter((id) => !applied.has(id)).length;
      if (missing === 0) {
        appliedAllAt = Date.now();
        break;
      }
      if (Date.now() - reported > 15_000) {
        step(`${missing} accepted events not applied yet`);
        reported = Date.now();
      }
      if (Date.now() - lastChange > NO_PROGRESS_MS || Date.now() > deadline) break;
      await sleep(300);
      const next = await appliedIds(cluster);
      if (next.size !== applied.size) lastChange = Date.now();
      applied = next;
    }
    stopMonitor();
    step(appliedAllAt ? 'every accepted event applied; checking' : 'events still missing; checking');

    const inWindow = (b: Batch) => lossWindows.some(([from, to]) => (b.acceptedAt as number) >= from && (b.acceptedAt as number) <= to);
    const missing = [...accepted.entries()].filter(([id]) => !applied.has(id));
    const lost = missing.filter(([, b]) => !inWindow(b)).map(([id]) => id);
    const lostSet = new Set(missing.map(([id]) => id));

    // Recovery: from the fault's end until every event accepted by then was applied (but those the
    // allowed window may lose); never, when an event outside that window was lost.
    const allowedLost = new Set(missing.filter(([, b]) => inWindow(b)).map(([id]) => id));
    const target = due.filter((id) => !allowedLost.has(id)).length;
    const waited = Math.max(0, target - (timeline[0]?.applied ?? 0));
    const recovered = lost.length ? null : (timeline.find((p) => p.applied >= target) ?? (appliedAllAt ? { t: appliedAllAt } : null));
    const recoverMs = recovered ? Math.max(0, recovered.t - (faultEnd as number)) : null;

    // The domain's fold of what was accepted (and not lost): the funnel and every lead.
    const kept = new Map<string, LeadEvent[]>();
    for (const [leadId, events] of plan.byLead) {
      const mine = events.filter((e) => accepted.has(e.eventId) && !lostSet.has(e.eventId));
      if (mine.length) kept.set(leadId, mine);
    }
    const folds = new Map([...kept].map(([id, events]) => [id, foldLeadEvents(events, DEFAULT_CAMPAIGN_RULES)]));
    const funnel: ScenarioResult['funnel'] = [];
    for (const campaignId of campaigns) {
      const expected = summarizeLeads([...folds].filter(([id]) => id.startsWith(`${campaignId}-`)).map(([, f]) => f.state));
      const res = await fetch(`${cluster.apis[0].url}/api/v1/campaigns/${campaignId}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } });
      const body = (await res.json()) as CampaignMetrics;
      funnel.push({
        campaignId,
        expected: { stages: expected.stages, funnel: expected.funnel, rates: expected.rates, attemptsPerLead: expected.attemptsPerLead },
        actual: { stages: body.stages, funnel: body.funnel, rates: body.rates, attemptsPerLead: body.attemptsPerLead },
      });
    }
    const rows = (await cluster.db.query(
      `SELECT l.id, l.stage, (SELECT count(*) FROM stage_transitions t WHERE t.tenant_id = l.tenant_id AND t.lead_id = l.id)::int AS transitions
         FROM leads l WHERE l.tenant_id = $1`,
      [tenant.tenantId],
    )) as { id: string; stage: string; transitions: number }[];
    const leadMismatches: string[] = [];
    let duplicates = 0;
    for (const r of rows) {
      const f = folds.get(r.id);
      if (!f) {
        leadMismatches.push(`${r.id}: stored but none of its accepted events kept`);
        continue;
      }
      duplicates += Math.max(0, r.transitions - f.changes.length);
      if (r.stage !== f.state.stage || r.transitions !== f.changes.length) leadMismatches.push(`${r.id}: ${r.stage}/${r.transitions} transitions, fold ${f.state.stage}/${f.changes.length}`);
    }
    for (const id of folds.keys()) if (!rows.some((r) => r.id === id)) leadMismatches.push(`${id}: missing`);

    // Screens: given time to settle on the REST figures, then compared with a fresh snapshot.
    const restFigures = new Map<string, Figures | null>();
    for (const f of funnel) restFigures.set(f.campaignId, f.actual as Figures);
    await waitFor(() => screens.every((s) => JSON.stringify(s.figures()) === JSON.stringify(restFigures.get(s.campaignId))), {
      timeoutMs: 30_000,
      what: 'screens to show the final figures',
    }).catch(() => undefined);
    step('screens settled; fresh snapshots');
    const screenVerdicts: ScreenVerdict[] = [];
    for (const s of screens) {
      // The screen's seq is read before the snapshot is asked for: pushes go on after the events are
      // applied (the metrics coalescer, operator pushes — late on a slow link), and one that reaches the
      // screen after the fresh snapshot was read would otherwise look like a seq the server never gave.
      const seq = s.seq;
      const fresh = await freshSnapshot(balancerUrl, adminToken, s.campaignId);
      screenVerdicts.push({ name: s.name, campaignId: s.campaignId, figures: s.figures(), fresh: figuresOf(fresh.metrics), seq, freshSeq: fresh.seq, counts: { ...s.counts } });
    }

    const dl = (await (await fetch(`${cluster.apis[0].url}/api/v1/admin/dead-letters`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as DeadLetterSummary;

    const lat: number[] = [];
    for (const s of screens) {
      for (const [eventId, seenAt] of s.firstSeen) {
        const b = accepted.get(eventId);
        if (b?.acceptedSentAt) lat.push(seenAt - b.acceptedSentAt);
      }
    }
    lat.sort((a, b) => a - b);

    const result: ScenarioResult = {
      name: spec.name,
      accepted: accepted.size,
      applied: [...accepted.keys()].filter((id) => applied.has(id)).length,
      lost,
      lostInWindow: missing.length - lost.length,
      leadMismatches,
      duplicates,
      funnel,
      screens: screenVerdicts,
      deadLetters: { count: dl.count, queueFailed: dl.queueFailed },
      unexpectedExits: cluster.all().flatMap((p) => p.unexpectedExits()),
      recoverMs,
      drainMs: appliedAllAt ? appliedAllAt - lastAccepted : null,
      waited,
      latency: { p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat.length ? lat[lat.length - 1] : null, n: lat.length },
      observed,
      logs: cluster.logs(),
    };
    printSummary(spec, result);
    return result;
  } finally {
    stopMonitor();
    for (const s of screens) s.close();
    await cluster.stop();
    // Every process's output, for whoever reads a failure: tmp/faults/<scenario>.log
    mkdirSync(join(ROOT, 'tmp', 'faults'), { recursive: true });
    writeFileSync(join(ROOT, 'tmp', 'faults', `${spec.name}.log`), cluster.logs());
  }
}

const secs = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);

function printSummary(spec: ScenarioSpec, r: ScenarioResult): void {
  const screens = r.screens.filter((s) => JSON.stringify(s.figures) === JSON.stringify(s.fresh)).length;
  const resyncs = r.screens.reduce((n, s) => n + s.counts.gapResyncs, 0);
  const beats = r.screens.reduce((n, s) => n + s.counts.heartbeatResyncs, 0);
  const reconnects = r.screens.reduce((n, s) => n + Math.max(0, s.counts.connects - 1), 0);
  const extra = Object.entries(r.observed).map(([k, v]) => `${k} ${v}`);
  const line = [
    `FAULT ${r.name}`,
    `broke: ${spec.broke}`,
    `accepted ${r.accepted}`,
    `applied ${r.applied}`,
    `duplicates ${r.duplicates}`,
    `lost ${r.lost.length}${r.lostInWindow ? ` (+${r.lostInWindow} inside the allowed window)` : ''}`,
    `time to recover ${secs(r.recoverMs)}`,
    `events that waited ${r.waited}`,
    `last 202 → all applied ${secs(r.drainMs)}`,
    `latency 202→screen p50 ${r.latency.p50 ?? '-'} ms p99 ${r.latency.p99 ?? '-'} ms max ${r.latency.max ?? '-'} ms`,
    `screens equal to a fresh snapshot ${screens}/${r.screens.length} (reconnects ${reconnects}, gap re-syncs ${resyncs}, heartbeat re-syncs ${beats})`,
    `dead letters ${r.deadLetters.count}, failed jobs ${r.deadLetters.queueFailed}`,
    `lead mismatches ${r.leadMismatches.length}`,
    `unexpected exits ${r.unexpectedExits.length ? r.unexpectedExits.join(', ') : 0}`,
    ...extra,
  ].join(' | ');
  process.stdout.write(`\n${line}\n`);
}

/** The verdict every scenario shares: exactly once, screens equal to a fresh snapshot, nothing dead. */
export function expectExactlyOnce(r: ScenarioResult): void {
  const tail = () => `\n--- last process output ---\n${r.logs.slice(-3000)}`;
  if (r.unexpectedExits.length) throw new Error(`processes died that the scenario did not kill: ${r.unexpectedExits.join(', ')}${tail()}`);
  expect({ lost: r.lost.slice(0, 20), lostCount: r.lost.length }).toEqual({ lost: [], lostCount: 0 });
  expect(r.duplicates).toBe(0);
  expect(r.leadMismatches.slice(0, 20)).toEqual([]);
  for (const f of r.funnel) expect({ campaignId: f.campaignId, figures: f.actual }).toEqual({ campaignId: f.campaignId, figures: f.expected });
  for (const s of r.screens) {
    expect({ screen: s.name, figures: s.figures }).toEqual({ screen: s.name, figures: s.fresh });
    expect(s.seq).not.toBeNull();
    expect(s.seq as number).toBeLessThanOrEqual(s.freshSeq);
  }
  expect(r.deadLetters).toEqual({ count: 0, queueFailed: 0 });
}
