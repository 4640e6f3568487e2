import { CANONICAL_DISPOSITIONS, MAX_EVENTS_PER_REQUEST, validateIngestBody } from '@leadboard/contracts';
import type { CanonicalDisposition } from '@leadboard/contracts';
import { DEFAULT_DISPOSITION_WEIGHTS, DEFAULT_SOURCE_WEIGHTS, UNKNOWN_CODES, VICIDIAL_CODES } from './call-center.config';
import { CallCenterModel, type CallOutcomeInput, type LeadCreatedInput, type OperatorStateInput, type SimEvent } from './call-center.model';

const START = Date.parse('2026-11-23T09:00:00Z');

/** A clock that moves 10 ms per reading: deterministic, and occurredAt values differ. */
function fakeClock(): () => number {
  let t = START;
  return () => (t += 10);
}

function model(overrides: ConstructorParameters<typeof CallCenterModel>[0] = {}): CallCenterModel {
  return new CallCenterModel({ seed: 7, clock: fakeClock(), runId: 'test', ...overrides });
}

/** What a code means (the domain page's table, reversed from the simulator's own list). */
const CANONICAL_OF: Record<string, CanonicalDisposition | 'OTHER'> = Object.fromEntries([
  ...CANONICAL_DISPOSITIONS.map((d) => [d, d]),
  ...Object.entries(VICIDIAL_CODES).flatMap(([canonical, codes]) => (codes ?? []).map((c) => [c, canonical])),
]);
const canonicalOf = (code: string) => CANONICAL_OF[code] ?? 'OTHER';
const CLOSING = new Set(['WRONG_NUMBER', 'NOT_INTERESTED', 'SALE', 'DO_NOT_CALL']);
const NO_CONTACT = new Set(['NO_ANSWER', 'BUSY', 'VOICEMAIL', 'DROPPED']);

const calls = (events: SimEvent[]) => events.filter((e): e is CallOutcomeInput => e.type === 'call.outcome');
const states = (events: SimEvent[]) => events.filter((e): e is OperatorStateInput => e.type === 'operator.state');

function share<T>(items: T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

describe('CallCenterModel', () => {
  const N = 10_000;
  let events: SimEvent[];
  let sim: CallCenterModel;

  beforeAll(() => {
    sim = model({ operators: 20 });
    events = sim.take(N);
  });

  it('is deterministic for a seed and a clock, and another seed tells another story', () => {
    const a = model().take(2000);
    const b = model().take(2000);
    const c = model({ seed: 8 }).take(2000);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('produces only events the ingest API accepts', () => {
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) {
      const result = validateIngestBody({ events: events.slice(i, i + MAX_EVENTS_PER_REQUEST) });
      expect(result.ok ? [] : result.errors.slice(0, 5)).toEqual([]);
    }
  });

  it('gives every event a unique eventId, in emission order, and the clock time as occurredAt', () => {
    const ids = events.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    let previous = 0;
    for (const e of events) {
      expect(e.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const t = Date.parse(e.occurredAt);
      if (e.type === 'lead.created' && t < previous) continue; // a late lead.created, see below
      expect(t).toBeGreaterThanOrEqual(previous);
      previous = t;
    }
  });

  it('names campaigns c-solar, c-water, … and a team of about 70 % juniors with Italian and French names', () => {
    expect(sim.campaigns.map((c) => c.campaignId)).toEqual(['c-solar', 'c-water']);
    expect(new Set(events.map((e) => e.campaignId))).toEqual(new Set(['c-solar', 'c-water']));
    const team = sim.team();
    expect(team).toHaveLength(20);
    expect(share(team, (op) => op.seniority === 'junior')).toBeCloseTo(0.7, 1);
    expect(new Set(team.map((op) => op.name)).size).toBe(20);
    for (const op of team) expect(op.name).toMatch(/^\p{L}+ [\p{L} ']+$/u);
    for (const campaignId of ['c-solar', 'c-water']) {
      expect(team.filter((op) => op.campaignId === campaignId && op.seniority === 'senior').length).toBeGreaterThan(0);
    }
  });

  it('creates leads at the configured share, from sources in the configured proportions', () => {
    const created = events.filter((e) => e.type === 'lead.created');
    expect(created.length / N).toBeGreaterThan(0.05);
    expect(created.length / N).toBeLessThan(0.11);
    const total = Object.values(DEFAULT_SOURCE_WEIGHTS).reduce((a, b) => a + (b ?? 0), 0);
    for (const [source, weight] of Object.entries(DEFAULT_SOURCE_WEIGHTS)) {
      const observed = share(created, (e) => e.type === 'lead.created' && e.lead?.source === source);
      expect({ source, observed: Math.abs(observed - (weight ?? 0) / total) < 0.06 }).toEqual({ source, observed: true });
    }
    const lead = created[0];
    expect(lead.type === 'lead.created' && lead.lead).toEqual(
      expect.objectContaining({ name: expect.any(String), phone: expect.stringMatching(/^\+3[39]\d{9,10}$/) }),
    );
  });

  it("gives juniors' warm calls the configured disposition mix, mostly no answer/busy/voicemail", () => {
    const juniors = new Set(sim.team().filter((op) => op.seniority === 'junior').map((op) => op.operatorId));
    const juniorCalls = calls(events).filter((e) => e.operatorId && juniors.has(e.operatorId));
    expect(juniorCalls.length).toBeGreaterThan(1000);
    const weights = DEFAULT_DISPOSITION_WEIGHTS.warm;
    const total = Object.values(weights).reduce((a, b) => a + (b ?? 0), 0);
    for (const [disposition, weight] of Object.entries(weights)) {
      const observed = share(juniorCalls, (e) => canonicalOf(e.disposition) === disposition);
      expect({ disposition, close: Math.abs(observed - (weight ?? 0) / total) < 0.03 }).toEqual({ disposition, close: true });
    }
    expect(share(juniorCalls, (e) => canonicalOf(e.disposition) === 'SALE')).toBe(0);
    expect(share(calls(events), (e) => NO_CONTACT.has(canonicalOf(e.disposition)))).toBeGreaterThan(0.5);
  });

  it('lets seniors close: appointments and sales come from seniors', () => {
    const seniors = new Set(sim.team().filter((op) => op.seniority === 'senior').map((op) => op.operatorId));
    const sales = calls(events).filter((e) => canonicalOf(e.disposition) === 'SALE');
    expect(sales.length).toBeGreaterThan(5);
    for (const sale of sales) expect(seniors.has(sale.operatorId as string)).toBe(true);
    expect(calls(events).some((e) => canonicalOf(e.disposition) === 'APPOINTMENT_SET' && seniors.has(e.operatorId as string))).toBe(true);
  });

  it('mixes canonical names, VICIdial codes, rare unknown codes and operator-less dialer attempts', () => {
    const all = calls(events);
    const vicidial = new Set(Object.values(VICIDIAL_CODES).flat());
    const viciShare = share(all, (e) => vicidial.has(e.disposition) && !CANONICAL_DISPOSITIONS.includes(e.disposition as CanonicalDisposition));
    expect(viciShare).toBeGreaterThan(0.15);
    expect(viciShare).toBeLessThan(0.4);
    for (const code of ['NA', 'B', 'AM', 'NI', 'CALLBK']) expect(all.some((e) => e.disposition === code)).toBe(true);
    const unknown = all.filter((e) => UNKNOWN_CODES.includes(e.disposition));
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.length / all.length).toBeLessThan(0.03);
    const dialer = all.filter((e) => !e.operatorId);
    expect(dialer.length).toBeGreaterThan(0);
    for (const e of dialer) {
      expect(NO_CONTACT.has(canonicalOf(e.disposition))).toBe(true);
      expect([e.talkSeconds, e.wrapSeconds]).toEqual([0, 0]);
    }
  });

  it('reports plausible talk and wrap seconds, BANT answers and callback times', () => {
    for (const e of calls(events).filter((c) => c.operatorId)) {
      const d = canonicalOf(e.disposition);
      if (d === 'NO_ANSWER' || d === 'BUSY') expect(e.talkSeconds).toBe(0);
      if (d === 'SALE') expect(e.talkSeconds).toBeGreaterThanOrEqual(300);
      expect(e.talkSeconds).toBeLessThanOrEqual(2700);
      expect(e.wrapSeconds).toBeLessThanOrEqual(300);
      if (d === 'CALLBACK') expect(Date.parse(e.callbackAt as string)).toBeGreaterThan(Date.parse(e.occurredAt));
      if (d === 'QUALIFIED') {
        const answers = Object.values(e.qualification ?? {}).filter((v) => v === true);
        expect(answers.length).toBeGreaterThanOrEqual(3);
      }
    }
    expect(calls(events).some((e) => e.qualification && canonicalOf(e.disposition) === 'INTERESTED')).toBe(true);
  });

  it('never calls a lead again once it is dnc, lost or a customer (by default)', () => {
    const closedBy = new Map<string, string>();
    const offenders: string[] = [];
    for (const e of calls(events)) {
      if (closedBy.has(e.leadId)) offenders.push(`${e.leadId} called after ${closedBy.get(e.leadId)}`);
      const d = canonicalOf(e.disposition);
      if (CLOSING.has(d)) closedBy.set(e.leadId, d);
    }
    expect([...closedBy.values()]).toContain('DO_NOT_CALL');
    expect(offenders).toEqual([]);
  });

  it('calls dnc leads on purpose when dncCallShare asks for it', () => {
    const dnc = new Set<string>();
    let violations = 0;
    for (const e of calls(model({ dncCallShare: 0.2 }).take(N))) {
      if (dnc.has(e.leadId)) violations++;
      if (canonicalOf(e.disposition) === 'DO_NOT_CALL') dnc.add(e.leadId);
    }
    expect(violations).toBeGreaterThan(0);
  });

  it('moves operators through plausible states: log in, call, wrap up, disposition, available; breaks; log out', () => {
    const allowed: Record<string, string[]> = {
      offline: ['available'],
      available: ['on_call', 'paused', 'offline'],
      on_call: ['wrap_up'],
      wrap_up: ['available'],
      paused: ['available', 'offline'],
    };
    const team = new Map(sim.team().map((op) => [op.operatorId, op]));
    const current = new Map<string, string>();
    const disposed = new Map<string, boolean>();
    const bad: string[] = [];
    for (const e of events) {
      if (e.type === 'call.outcome' && e.operatorId) {
        if (current.get(e.operatorId) !== 'wrap_up' || disposed.get(e.operatorId)) bad.push(`${e.eventId}: outcome outside wrap-up`);
        disposed.set(e.operatorId, true);
      }
      if (e.type !== 'operator.state') continue;
      const from = current.get(e.operatorId) ?? 'offline';
      if (!allowed[from].includes(e.state)) bad.push(`${e.operatorId}: ${from} -> ${e.state}`);
      if (from === 'wrap_up' && !disposed.get(e.operatorId)) bad.push(`${e.operatorId}: left wrap-up without a disposition`);
      if (from === 'offline' && e.operator?.seniority !== team.get(e.operatorId)?.seniority) bad.push(`${e.eventId}: login without details`);
      expect(e.campaignId).toBe(team.get(e.operatorId)?.campaignId);
      if (e.state === 'on_call') disposed.set(e.operatorId, false);
      current.set(e.operatorId, e.state);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    const seen = new Set(states(events).map((e) => e.state));
    expect(seen).toEqual(new Set(['available', 'on_call', 'wrap_up', 'paused', 'offline']));
  });

  it('sends a few lead.created late, after the first call, with their original occurredAt', () => {
    const firstCall = new Map<string, CallOutcomeInput>();
    for (const e of calls(events)) if (!firstCall.has(e.leadId)) firstCall.set(e.leadId, e);
    const late = events
      .filter((e): e is LeadCreatedInput => e.type === 'lead.created')
      .filter((e) => firstCall.has(e.leadId) && e.eventId > (firstCall.get(e.leadId) as CallOutcomeInput).eventId);
    expect(late.length).toBeGreaterThan(0);
    for (const e of late) expect(Date.parse(e.occurredAt)).toBeLessThan(Date.parse((firstCall.get(e.leadId) as CallOutcomeInput).occurredAt));
  });
});
