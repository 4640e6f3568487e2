/**
 * Who should take which hot lead: a pure, deterministic suggestion policy (domain page, "Operators";
 * issue 5, "Suggestions"). Prospects and opportunities belong with senior closers who have room;
 * the policy finds the ones that do not sit well, most urgent first, and gives each to the senior
 * with the fewest open prospects + opportunities (then fewest callbacks due, then id), never to an
 * offline operator and never past the cap. Moves come grouped, with a reason a manager reads at a
 * glance and the data to translate it and to apply it (`expectedOwners`).
 *
 * Cost: one sort of the candidate leads and a heap of the seniors, O(n log n + n log m).
 */
import {
  MAX_REASSIGN_LEADS,
  type OperatorState,
  type ReassignmentSuggestion,
  type ReassignmentSuggestions,
  type Seniority,
  type Stage,
  type SuggestionMessageKey,
  type SuggestionReason,
} from '@leadboard/contracts';
import type { AlertThresholds } from '../alerts/alert-thresholds';

export interface SuggestionLead {
  leadId: string;
  stage: Stage;
  ownerOperatorId: string | null;
  /** The lead's latest event (ISO); null when unknown, which counts as waiting past any SLA. */
  lastTouchedAt: string | null;
}

export interface SuggestionOperator {
  operatorId: string;
  name: string | null;
  seniority: Seniority;
  state: OperatorState;
  /** Open prospects + opportunities the operator owns in the campaign. */
  openProspects: number;
  callbacksDue: number;
  /**
   * False when the operator works on another campaign right now: their leads here still count, but
   * they are not offered more of this campaign's leads. Absent means true.
   */
  onCampaign?: boolean;
}

export interface SuggestionInput {
  /** The instant ages are measured at (ISO). */
  now: string;
  leads: readonly SuggestionLead[];
  operators: readonly SuggestionOperator[];
}

export interface ReassignmentPolicy {
  /** A prospect untouched for longer than this is "waiting" (the alert's follow-up SLA). */
  prospectSlaSeconds: number;
  /** Open prospects + opportunities a senior may own; the policy never suggests beyond it. */
  seniorCap: number;
}

/** The alert defaults: 2 h, 25. */
export const DEFAULT_REASSIGNMENT_POLICY: Readonly<ReassignmentPolicy> = Object.freeze({ prospectSlaSeconds: 7200, seniorCap: 25 });

/** The campaign's alert thresholds drive the policy, so that applying the suggestions quiets the alerts. */
export function policyFromThresholds(t: Pick<AlertThresholds, 'prospectFollowUpSlaSeconds' | 'closerOpenProspectCap'>): ReassignmentPolicy {
  return { prospectSlaSeconds: t.prospectFollowUpSlaSeconds, seniorCap: t.closerOpenProspectCap };
}

export type SuggestionResult = Pick<ReassignmentSuggestions, 'policy' | 'suggestions' | 'unplaced'>;

type HotStage = 'prospect' | 'opportunity';
const isHot = (stage: Stage): stage is HotStage => stage === 'prospect' || stage === 'opportunity';

interface Candidate {
  lead: SuggestionLead & { stage: HotStage };
  reason: SuggestionReason;
  pastSla: boolean;
  /** ms since last touched; Infinity when unknown. */
  waiting: number;
  tier: number;
}

interface Target {
  op: SuggestionOperator;
  load: number;
}

/** Most urgent first: waiting hot leads with nobody or a junior, then stranded with an offline senior, then fresh ones, then relief of overloaded seniors. */
function tierOf(reason: SuggestionReason, pastSla: boolean): number {
  switch (reason) {
    case 'no_owner':
      return pastSla ? 0 : 3;
    case 'junior_owner':
      return pastSla ? 1 : 4;
    case 'owner_offline':
      return 2;
    case 'over_cap':
      return 5;
  }
}

/** Plain string order (localeCompare would vary with the machine), as ids are compared elsewhere. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Longest waiting first (Infinity − Infinity would be NaN, hence no subtraction). */
const longestWaitingFirst = (a: Candidate, b: Candidate): number => (a.waiting === b.waiting ? 0 : a.waiting > b.waiting ? -1 : 1);

const compareCandidates = (a: Candidate, b: Candidate): number =>
  a.tier - b.tier || longestWaitingFirst(a, b) || cmp(a.lead.leadId, b.lead.leadId);

const compareTargets = (a: Target, b: Target): number =>
  a.load - b.load || a.op.callbacksDue - b.op.callbacksDue || cmp(a.op.operatorId, b.op.operatorId);

export function suggestReassignments(input: SuggestionInput, policy: ReassignmentPolicy = DEFAULT_REASSIGNMENT_POLICY): SuggestionResult {
  const nowMs = Date.parse(input.now);
  const slaMs = policy.prospectSlaSeconds * 1000;
  const cap = policy.seniorCap;
  const operators = uniqueBy([...input.operators].sort((a, b) => cmp(a.operatorId, b.operatorId)), (o) => o.operatorId);
  const byId = new Map(operators.map((o) => [o.operatorId, o]));
  const leads = uniqueBy(
    input.leads.filter((l): l is SuggestionLead & { stage: HotStage } => isHot(l.stage)).sort(compareLeadRecords),
    (l) => l.leadId,
  );

  const waitingOf = (l: SuggestionLead): number => {
    if (l.lastTouchedAt === null) return Number.POSITIVE_INFINITY;
    const touched = Date.parse(l.lastTouchedAt);
    return Number.isFinite(touched) && Number.isFinite(nowMs) ? nowMs - touched : Number.POSITIVE_INFINITY;
  };
  const candidate = (lead: SuggestionLead & { stage: HotStage }, reason: SuggestionReason, waiting: number): Candidate => {
    const pastSla = waiting > slaMs;
    return { lead, reason, pastSla, waiting, tier: tierOf(reason, pastSla) };
  };

  const candidates: Candidate[] = [];
  const keptBySenior = new Map<string, Candidate[]>();
  const leavingBySenior = new Map<string, number>();
  for (const lead of leads) {
    const waiting = waitingOf(lead);
    const owner = lead.ownerOperatorId === null ? undefined : byId.get(lead.ownerOperatorId);
    // An owner id that is not a known operator is treated as no owner: nobody we know is calling it.
    if (!owner) candidates.push(candidate(lead, 'no_owner', waiting));
    else if (owner.seniority === 'junior') candidates.push(candidate(lead, 'junior_owner', waiting));
    else if (owner.state === 'offline' && waiting > slaMs) {
      candidates.push(candidate(lead, 'owner_offline', waiting));
      leavingBySenior.set(owner.operatorId, (leavingBySenior.get(owner.operatorId) ?? 0) + 1);
    } else {
      const kept = keptBySenior.get(owner.operatorId) ?? [];
      kept.push(candidate(lead, 'over_cap', waiting));
      keptBySenior.set(owner.operatorId, kept);
    }
  }
  // A senior over the cap gives away the excess: prospects before opportunities (a negotiation under
  // way stays with its closer), the longest untouched first.
  for (const [ownerId, kept] of keptBySenior) {
    const owner = byId.get(ownerId)!;
    const excess = owner.openProspects - (leavingBySenior.get(ownerId) ?? 0) - cap;
    if (excess <= 0) continue;
    kept.sort((a, b) => stageOrder(a.lead.stage) - stageOrder(b.lead.stage) || compareCandidates(a, b));
    candidates.push(...kept.slice(0, excess));
  }
  candidates.sort(compareCandidates);

  const heap = new MinHeap<Target>(compareTargets);
  for (const op of operators) {
    if (op.seniority === 'senior' && op.state !== 'offline' && op.onCampaign !== false && op.openProspects < cap) {
      heap.push({ op, load: op.openProspects });
    }
  }

  const groups = new Map<string, { first: number; candidates: Candidate[]; target: SuggestionOperator }>();
  let unplaced = 0;
  candidates.forEach((c, index) => {
    const skipped: Target[] = [];
    let target = heap.pop();
    // Never to the lead's own owner (cannot happen with the rules above; kept as a guard).
    while (target && target.op.operatorId === c.lead.ownerOperatorId) {
      skipped.push(target);
      target = heap.pop();
    }
    for (const s of skipped) heap.push(s);
    if (!target) {
      unplaced += 1;
      return;
    }
    target.load += 1;
    if (target.load < cap) heap.push(target);
    const variant = c.reason === 'over_cap' ? `excess:${c.lead.ownerOperatorId}` : c.pastSla ? 'pastSla' : 'recent';
    const key = `${c.reason}:${variant}:${c.lead.stage}:${target.op.operatorId}`;
    const group = groups.get(key) ?? { first: index, candidates: [], target: target.op };
    group.candidates.push(c);
    groups.set(key, group);
  });

  const suggestions: ReassignmentSuggestion[] = [];
  for (const [key, g] of [...groups.entries()].sort(([, a], [, b]) => a.first - b.first)) {
    const sorted = [...g.candidates].sort((a, b) => cmp(a.lead.leadId, b.lead.leadId));
    for (let i = 0; i < sorted.length; i += MAX_REASSIGN_LEADS) {
      const part = sorted.slice(i, i + MAX_REASSIGN_LEADS);
      suggestions.push(describe(i === 0 ? key : `${key}#${i / MAX_REASSIGN_LEADS + 1}`, part, g.target, byId, policy));
    }
  }

  return {
    policy: { prospectSlaSeconds: policy.prospectSlaSeconds, seniorCap: cap },
    suggestions,
    unplaced:
      unplaced === 0
        ? null
        : {
            count: unplaced,
            message:
              `${plural(unplaced, 'prospect or opportunity', 'prospects and opportunities')} should go to a senior ` +
              `but no senior who is not offline has room (cap ${cap})`,
            messageKey: 'reassignment.unplaced',
            params: { count: unplaced, cap },
          },
  };
}

function describe(
  id: string,
  part: Candidate[],
  target: SuggestionOperator,
  byId: Map<string, SuggestionOperator>,
  policy: ReassignmentPolicy,
): ReassignmentSuggestion {
  const { reason, pastSla, lead } = part[0];
  const stage = lead.stage;
  const count = part.length;
  const noun = stage === 'prospect' ? plural(count, 'prospect') : plural(count, 'opportunity', 'opportunities');
  const to = target.name ?? target.operatorId;
  const sla = formatDuration(policy.prospectSlaSeconds);
  const arrow = `→ ${to} (senior, ${plural(target.openProspects, 'open prospect')})`;
  const params: Record<string, string | number> = {
    count,
    stage,
    to,
    toOperatorId: target.operatorId,
    toOpen: target.openProspects,
    sla,
    slaSeconds: policy.prospectSlaSeconds,
  };
  let message: string;
  let messageKey: SuggestionMessageKey;
  switch (reason) {
    case 'no_owner':
      messageKey = pastSla ? 'reassignment.no_owner.pastSla' : 'reassignment.no_owner.recent';
      message = pastSla ? `${noun} with no owner for over ${sla} ${arrow}` : `${noun} with no owner ${arrow}`;
      break;
    case 'junior_owner':
      messageKey = pastSla ? 'reassignment.junior_owner.pastSla' : 'reassignment.junior_owner.recent';
      message = pastSla ? `${noun} owned by juniors for over ${sla} ${arrow}` : `${noun} owned by juniors (waiting under ${sla}) ${arrow}`;
      break;
    case 'owner_offline':
      messageKey = 'reassignment.owner_offline.pastSla';
      message = `${noun} untouched for over ${sla} while their senior is offline ${arrow}`;
      break;
    case 'over_cap': {
      const from = byId.get(lead.ownerOperatorId ?? '');
      const fromName = from?.name ?? lead.ownerOperatorId ?? '';
      const fromOpen = from?.openProspects ?? 0;
      messageKey = 'reassignment.over_cap.excess';
      params['from'] = fromName;
      params['fromOperatorId'] = lead.ownerOperatorId ?? '';
      params['fromOpen'] = fromOpen;
      params['cap'] = policy.seniorCap;
      message = `${noun} from ${fromName} (${fromOpen} open, cap ${policy.seniorCap}) ${arrow}`;
      break;
    }
  }
  return {
    id,
    reason,
    pastSla,
    stage,
    toOperatorId: target.operatorId,
    toOperatorName: target.name,
    leadIds: part.map((c) => c.lead.leadId),
    expectedOwners: Object.fromEntries(part.map((c) => [c.lead.leadId, c.lead.ownerOperatorId])),
    message,
    messageKey,
    params,
  };
}

const stageOrder = (s: HotStage): number => (s === 'prospect' ? 0 : 1);

/** A total order on lead records, so that duplicates of an id resolve the same way whatever the input order. */
function compareLeadRecords(a: SuggestionLead, b: SuggestionLead): number {
  return (
    cmp(a.leadId, b.leadId) ||
    cmp(a.stage, b.stage) ||
    cmp(a.ownerOperatorId ?? '', b.ownerOperatorId ?? '') ||
    cmp(a.lastTouchedAt ?? '', b.lastTouchedAt ?? '')
  );
}

function uniqueBy<T>(sorted: T[], key: (t: T) => string): T[] {
  const out: T[] = [];
  let last: string | undefined;
  for (const t of sorted) {
    const k = key(t);
    if (k !== last) out.push(t);
    last = k;
  }
  return out;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** SLAs are set in seconds but read by managers in minutes or hours. */
function formatDuration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** A binary min-heap (the seniors by load): O(log m) push and pop. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i], a[parent]) >= 0) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.less(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
