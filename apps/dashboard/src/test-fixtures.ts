/** Builders of contract messages for the unit tests (typed by @leadboard/contracts). */
import type {
  AlertMessage,
  CampaignMetrics,
  MetricsMessage,
  SnapshotMessage,
  Stage,
  TransitionMessage,
  WindowMetrics,
} from '@leadboard/contracts';

const emptyWindow = (): WindowMetrics => ({
  from: '2026-11-23T08:00:00Z',
  to: '2026-11-23T09:00:00Z',
  transitions: { new: 0, contacted: 0, prospect: 0, opportunity: 0, customer: 0, nurturing: 0, lost: 0, dnc: 0 },
  calls: 0,
  contacts: 0,
  dropped: 0,
  ahtSeconds: null,
  dropRate: null,
  prospectPerContacted: null,
});

export function metrics(overrides: Partial<CampaignMetrics> = {}, campaignId = 'c-water'): CampaignMetrics {
  return {
    campaignId,
    asOf: '2026-11-23T09:00:00Z',
    stages: { new: 10, contacted: 5, prospect: 3, opportunity: 2, customer: 1, nurturing: 4, lost: 2, dnc: 1 },
    funnel: { new: 28, contacted: 14, prospect: 6, opportunity: 3, customer: 1 },
    rates: { contact: 0.5, qualification: 6 / 28, prospectPerContacted: 6 / 14, close: 1 / 6 },
    attemptsPerLead: 1.5,
    speedToLeadMedianSeconds: 120,
    unmappedDispositions: 0,
    windows: { '15m': emptyWindow(), '1h': emptyWindow(), today: emptyWindow() },
    accounts: { lead: 6, potential: 3, customer: 1 },
    ...overrides,
  };
}

export function snapshot(seq: number, overrides: Partial<SnapshotMessage> = {}): SnapshotMessage {
  const campaignId = overrides.campaignId ?? 'c-water';
  return {
    campaignId,
    seq,
    metrics: metrics({}, campaignId),
    operators: [{ operatorId: 'op-12', name: 'Giulia', seniority: 'senior', state: 'on_call', since: null }],
    alerts: [],
    recentTransitions: [],
    ...overrides,
  };
}

export function transition(seq: number, leadId = `L-${seq}`, to: Stage = 'contacted', campaignId = 'c-water'): TransitionMessage {
  return {
    seq,
    campaignId,
    leadId,
    from: 'new',
    to,
    at: '2026-11-23T09:15:02Z',
    operatorId: 'op-12',
    cause: 'INTERESTED',
    eventId: `e-${seq}`,
    correction: false,
  };
}

export function metricsMessage(seq: number, overrides: Partial<CampaignMetrics> = {}, campaignId = 'c-water'): MetricsMessage {
  return { campaignId, seq, metrics: metrics(overrides, campaignId) };
}

export function alertMessage(seq: number, overrides: Partial<AlertMessage> = {}, campaignId = 'c-water'): AlertMessage {
  return {
    id: 'a-1',
    campaignId,
    rule: 'dnc_violation',
    severity: 'critical',
    state: 'raised',
    message: 'dnc violation: lead L-1, on the do-not-call list, was called by operator op-12 at 2026-11-23T09:00:00Z',
    messageKey: 'alerts.dnc_violation.byOperator',
    params: { leadId: 'L-1', operatorId: 'op-12', at: '2026-11-23T09:00:00Z' },
    value: 1,
    threshold: 0,
    raisedAt: '2026-11-23T09:00:00Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    seq,
    ...overrides,
  };
}
