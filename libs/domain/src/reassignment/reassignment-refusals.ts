/**
 * When a manager's reassignment is refused, and what it is told (contract, `POST /api/v1/leads/reassign`).
 * The first refusal that applies answers, and nothing moves:
 *
 * 1. `unknown_leads` (404) — leads that do not exist for the tenant: another tenant's leads are as
 *    unknown as leads that never were, so nothing tells one tenant about another's ids;
 * 2. `unknown_operator` (422) — the target is not an operator of the tenant;
 * 3. `offline_operator` (422) — an offline operator cannot work the leads given to them;
 * 4. `closed_leads` (422) — customer, lost and dnc leads have nothing left to work (isClosedStage);
 * 5. `owner_changed` (409) — a lead's owner is no longer the one the manager saw (`expectedOwners`):
 *    another manager or a call moved it meanwhile; the manager refreshes and decides again.
 *
 * (A 403 comes before all this, from the API's guard: only managers and admins may reassign.)
 * Giving prospects or opportunities to a junior is not refused: it is done, with a warning.
 */
import type { OperatorState, ReassignError, ReassignErrorCode, ReassignWarning, Seniority, Stage } from '@leadboard/contracts';
import { isClosedStage } from '../lead-stages';

export type ReassignRefusal = Omit<ReassignError, 'statusCode' | 'error'>;

/** The HTTP status each refusal is answered with (contract: ReassignRefused). */
export const REASSIGN_REFUSAL_STATUS: Readonly<Record<ReassignErrorCode, ReassignError['statusCode']>> = {
  unknown_leads: 404,
  unknown_operator: 422,
  offline_operator: 422,
  closed_leads: 422,
  owner_changed: 409,
};

export interface ReassignLead {
  leadId: string;
  stage: Stage;
  ownerOperatorId: string | null;
}

export interface ReassignTarget {
  operatorId: string;
  name: string | null;
  state: OperatorState;
  seniority: Seniority;
}

export interface ReassignCheck {
  /** The lead ids asked for, without repeats. */
  requested: readonly string[];
  /** The requested leads that exist for the tenant (as locked by the caller). */
  leads: readonly ReassignLead[];
  toOperatorId: string;
  /** The target operator, or null when the tenant has none with that id. */
  target: ReassignTarget | null;
  expectedOwners?: Readonly<Record<string, string | null>>;
}

/** How many ids a refusal's message names before "and N more" (the `leadIds` field lists them all). */
const NAMED_IN_MESSAGE = 20;

function named(ids: readonly string[], label: (id: string) => string = (id) => id): string {
  const shown = ids.slice(0, NAMED_IN_MESSAGE).map(label).join(', ');
  return ids.length > NAMED_IN_MESSAGE ? `${shown} and ${ids.length - NAMED_IN_MESSAGE} more` : shown;
}

const leadsWord = (n: number) => (n === 1 ? '1 lead' : `${n} leads`);

/** The refusal that answers the request, or null when it may go ahead. */
export function reassignmentRefusal(c: ReassignCheck): ReassignRefusal | null {
  const found = new Set(c.leads.map((l) => l.leadId));
  const unknown = c.requested.filter((id) => !found.has(id));
  if (unknown.length) {
    return { code: 'unknown_leads', message: `${leadsWord(unknown.length)} not found: ${named(unknown)}; nothing was moved`, leadIds: unknown };
  }
  if (!c.target) {
    return { code: 'unknown_operator', message: `operator ${c.toOperatorId} does not exist; nothing was moved`, leadIds: [], operatorId: c.toOperatorId };
  }
  if (c.target.state === 'offline') {
    return {
      code: 'offline_operator',
      message: `operator ${c.target.name ?? c.target.operatorId} is offline; nothing was moved`,
      leadIds: [],
      operatorId: c.target.operatorId,
    };
  }
  const closed = c.leads.filter((l) => isClosedStage(l.stage));
  if (closed.length) {
    const stages = Object.fromEntries(closed.map((l) => [l.leadId, l.stage]));
    return {
      code: 'closed_leads',
      message: `${leadsWord(closed.length)} closed (customer, lost or dnc) and cannot be reassigned: ${named(
        closed.map((l) => l.leadId),
        (id) => `${id} (${stages[id]})`,
      )}; nothing was moved`,
      leadIds: closed.map((l) => l.leadId),
      stages,
    };
  }
  const expected = c.expectedOwners;
  if (expected) {
    const changed = c.leads.filter((l) => Object.prototype.hasOwnProperty.call(expected, l.leadId) && expected[l.leadId] !== l.ownerOperatorId);
    if (changed.length) {
      const currentOwners = Object.fromEntries(changed.map((l) => [l.leadId, l.ownerOperatorId]));
      return {
        code: 'owner_changed',
        message: `${leadsWord(changed.length)} changed owner since you looked: ${named(
          changed.map((l) => l.leadId),
          (id) => `${id} (now ${currentOwners[id] ?? 'nobody'})`,
        )}; nothing was moved, refresh and try again`,
        leadIds: changed.map((l) => l.leadId),
        currentOwners,
      };
    }
  }
  return null;
}

const isHot = (stage: Stage) => stage === 'prospect' || stage === 'opportunity';

/** Prospects and opportunities belong with senior closers: giving them to a junior is allowed, and said. */
export function reassignmentWarnings(leads: readonly ReassignLead[], target: ReassignTarget): ReassignWarning[] {
  if (target.seniority !== 'junior') return [];
  const hot = leads.filter((l) => isHot(l.stage)).map((l) => l.leadId);
  if (!hot.length) return [];
  const name = target.name ?? target.operatorId;
  return [
    {
      code: 'junior_target',
      message: `${hot.length === 1 ? '1 prospect or opportunity' : `${hot.length} prospects and opportunities`} given to ${name}, a junior; they belong with senior closers: ${named(hot)}`,
      messageKey: 'reassignment.warning.juniorTarget',
      params: { count: hot.length, to: name, toOperatorId: target.operatorId },
      leadIds: hot,
    },
  ];
}
