/**
 * What the callback scan does with one owned personal callback (domain page, "Reallocation"): the
 * decision only — the worker's CallbackStore reads the locked lead, asks here, and writes.
 *
 * - **release** to the pool when the callback is due and its owner is offline (or unknown), or when
 *   it is overdue by `releaseAfterMs` — once per callback (`releasedFor` remembers the `callbackAt`
 *   it was done for): a manager who then assigns the lead keeps it, while an owner given back by a
 *   refold of the lead's history (not pinned: `ownerAssigned` false) loses it again;
 * - otherwise a **due** push for its owner, once per callback (`duePushedFor`);
 * - **none** for a closed lead, a lead without owner or callback, a callback not yet due, or one
 *   already pushed.
 */
import type { OperatorState, Stage } from '@leadboard/contracts';
import { isClosedStage } from '../lead-stages';

export type CallbackReleaseCause = 'owner_offline' | 'overdue';

export type CallbackAction = { kind: 'none' } | { kind: 'due' } | { kind: 'release'; cause: CallbackReleaseCause };

/** One lead's callback as stored (instants in epoch ms). */
export interface CallbackCandidate {
  stage: Stage;
  ownerOperatorId: string | null;
  /** Pinned by a manager: later calls no longer change the owner. */
  ownerAssigned: boolean;
  /** null: the owner is not a known operator (treated as offline). */
  ownerState: OperatorState | null;
  callbackAtMs: number | null;
  duePushedForMs: number | null;
  releasedForMs: number | null;
}

export function callbackAction(c: CallbackCandidate, nowMs: number, releaseAfterMs: number): CallbackAction {
  if (c.callbackAtMs === null || c.ownerOperatorId === null || isClosedStage(c.stage)) return { kind: 'none' };
  if (c.callbackAtMs > nowMs) return { kind: 'none' };
  if (c.ownerState === null || c.ownerState === 'offline') return { kind: 'release', cause: 'owner_offline' };
  const overdue = c.callbackAtMs <= nowMs - releaseAfterMs;
  if (overdue && (c.releasedForMs !== c.callbackAtMs || !c.ownerAssigned)) return { kind: 'release', cause: 'overdue' };
  if (c.duePushedForMs !== c.callbackAtMs) return { kind: 'due' };
  return { kind: 'none' };
}

/** The reason audited and pushed with a release. */
export function callbackReleaseReason(cause: CallbackReleaseCause, releaseAfterMs: number): string {
  return cause === 'owner_offline'
    ? 'personal callback due while its owner is offline: released to the pool'
    : `personal callback not made within ${formatDelay(releaseAfterMs)} of its time: released to the pool`;
}

function formatDelay(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
