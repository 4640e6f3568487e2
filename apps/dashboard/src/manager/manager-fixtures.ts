/** Builders of the managers' API shapes for the unit tests (typed by @leadboard/contracts). */
import type { OperatorView, ReassignedMessage, ReassignmentSuggestion, ReassignmentSuggestions, Stage } from '@leadboard/contracts';
import type { LeadListItem } from '../api/api-client';

export function lead(leadId: string, stage: Stage = 'prospect', ownerOperatorId: string | null = 'op-jr', updatedAt = '2026-11-23T08:00:00Z'): LeadListItem {
  return { leadId, stage, ownerOperatorId, attempts: 2, updatedAt, lastTouchedAt: updatedAt, stageSince: updatedAt, priority: 0, hot: false, priorityReasons: [] };
}

export function operator(
  operatorId: string,
  overrides: Partial<OperatorView> = {},
  openLeads: Partial<Record<Stage, number>> = {},
): OperatorView {
  return {
    operatorId,
    name: operatorId.replace(/^op-/, '').replace(/^\w/, (c) => c.toUpperCase()),
    seniority: 'junior',
    state: 'available',
    since: '2026-11-23T08:00:00Z',
    load: {
      timeInStateSeconds: 60,
      occupancy: 0.5,
      callsToday: 10,
      talkSecondsToday: 600,
      prospectsToday: 2,
      customersToday: 1,
      openLeads,
      callbacksDue: 0,
      asOf: '2026-11-23T09:00:00Z',
    },
    ...overrides,
  };
}

export function suggestion(id: string, leadIds: string[], toOperatorId = 'op-marco', overrides: Partial<ReassignmentSuggestion> = {}): ReassignmentSuggestion {
  return {
    id,
    reason: 'junior_owner',
    pastSla: false,
    stage: 'prospect',
    toOperatorId,
    toOperatorName: 'Marco',
    leadIds,
    expectedOwners: Object.fromEntries(leadIds.map((l) => [l, 'op-jr'])),
    message: `${leadIds.length} prospects owned by juniors (waiting under 2 h) → Marco (senior, 4 open prospects)`,
    messageKey: 'reassignment.junior_owner.recent',
    params: { count: leadIds.length, stage: 'prospect', to: 'Marco', toOperatorId, toOpen: 4, sla: '2 h', slaSeconds: 7200 },
    ...overrides,
  };
}

export function suggestions(list: ReassignmentSuggestion[], campaignId = 'c-water'): ReassignmentSuggestions {
  return { campaignId, asOf: '2026-11-23T09:00:00Z', policy: { prospectSlaSeconds: 7200, seniorCap: 25 }, suggestions: list, unplaced: null };
}

export function reassigned(seq: number, leadIds: string[], toOperatorId: string | null = 'op-marco', campaignId = 'c-water'): ReassignedMessage {
  return {
    campaignId,
    seq,
    action: 'reassigned',
    moves: leadIds.map((leadId) => ({ leadId, fromOperatorId: 'op-jr' })),
    toOperatorId,
    reason: 'to a closer',
    by: { kind: 'user', email: 'boss@example.com' },
    at: '2026-11-23T09:30:00Z',
    operators: [],
  };
}
