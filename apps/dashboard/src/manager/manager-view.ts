/**
 * How the managers' view reads its data (pure functions, no Vue): the hot leads as rows with their
 * owner and how long they have waited, the operators as drop targets in a stable order with their
 * hot load against the cap, the targets of the move form (most room first), and the noun phrases
 * ("1 prospect", "12 prospects") its messages take instead of plural forms.
 */
import type { OperatorView, ReassignError, Seniority, Stage } from '@leadboard/contracts';
import type { LeadListItem } from '../api/api-client';

/** The stages a manager moves to closers. */
export const HOT_STAGES = ['prospect', 'opportunity'] as const satisfies readonly Stage[];
export type HotStage = (typeof HOT_STAGES)[number];

/** The campaign's cap of open prospects + opportunities per senior, until the suggestions say it. */
export const DEFAULT_SENIOR_CAP = 25;

export type NounKind = HotStage | 'lead' | 'hot';

/** The message key of "N leads" (or prospects, opportunities, both) for `count`. */
export function nounKey(kind: NounKind, count: number): string {
  return `manager.nouns.${kind}${count === 1 ? 'One' : 'Many'}`;
}

/** The noun for a set of leads of these stages: prospects, opportunities, or both. */
export function nounKindOf(stages: Iterable<Stage>): NounKind {
  const seen = new Set(stages);
  if (seen.size === 1 && seen.has('prospect')) return 'prospect';
  if (seen.size === 1 && seen.has('opportunity')) return 'opportunity';
  if ([...seen].every((s) => s === 'prospect' || s === 'opportunity') && seen.size > 0) return 'hot';
  return 'lead';
}

export interface HotLeadRow {
  leadId: string;
  stage: Stage;
  ownerOperatorId: string | null;
  ownerName: string | null;
  ownerSeniority: Seniority | null;
  ownerOffline: boolean;
  attempts: number;
  updatedAt: string;
  /**
   * Seconds the lead has been untouched at `now`: since its latest event happened (`lastTouchedAt`),
   * or, for a lead with none, since its row last changed (`updatedAt`).
   */
  waitingSeconds: number | null;
}

export function waitingSeconds(updatedAt: string, now: number): number | null {
  const at = Date.parse(updatedAt);
  return Number.isNaN(at) ? null : Math.max(0, Math.floor((now - at) / 1000));
}

/** The hot leads as shown: longest waiting first (the ones a manager should look at), then by id. */
export function hotLeadRows(leads: Iterable<LeadListItem>, operators: ReadonlyMap<string, OperatorView>, now: number): HotLeadRow[] {
  const rows: HotLeadRow[] = [];
  for (const lead of leads) {
    const owner = lead.ownerOperatorId ? operators.get(lead.ownerOperatorId) : undefined;
    rows.push({
      leadId: lead.leadId,
      stage: lead.stage,
      ownerOperatorId: lead.ownerOperatorId,
      ownerName: lead.ownerOperatorId ? (owner?.name ?? lead.ownerOperatorId) : null,
      ownerSeniority: owner?.seniority ?? null,
      ownerOffline: owner?.state === 'offline',
      attempts: lead.attempts,
      updatedAt: lead.lastTouchedAt ?? lead.updatedAt,
      waitingSeconds: waitingSeconds(lead.lastTouchedAt ?? lead.updatedAt, now),
    });
  }
  return rows.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.leadId < b.leadId ? -1 : a.leadId > b.leadId ? 1 : 0));
}

export const OWNER_FILTERS = ['all', 'noOwner', 'junior', 'senior'] as const;
export type OwnerFilter = (typeof OWNER_FILTERS)[number];

export function filterRows(rows: readonly HotLeadRow[], filter: OwnerFilter): HotLeadRow[] {
  switch (filter) {
    case 'noOwner':
      return rows.filter((r) => r.ownerOperatorId === null);
    case 'junior':
      return rows.filter((r) => r.ownerOperatorId !== null && r.ownerSeniority !== 'senior');
    case 'senior':
      return rows.filter((r) => r.ownerSeniority === 'senior');
    default:
      return [...rows];
  }
}

/** Open prospects + opportunities the operator owns: what the cap is about. */
export function hotLoad(op: OperatorView): number {
  return (op.load?.openLeads.prospect ?? 0) + (op.load?.openLeads.opportunity ?? 0);
}

export interface OperatorColumn {
  op: OperatorView;
  senior: boolean;
  offline: boolean;
  hot: number;
  /** Hot load over the cap, 0..1 (the meter), and whether it is at or past the cap. */
  fill: number;
  full: boolean;
}

function byName(a: OperatorView, b: OperatorView): number {
  const an = (a.name ?? a.operatorId).toLocaleLowerCase();
  const bn = (b.name ?? b.operatorId).toLocaleLowerCase();
  return an < bn ? -1 : an > bn ? 1 : a.operatorId < b.operatorId ? -1 : a.operatorId > b.operatorId ? 1 : 0;
}

/**
 * The operator columns, in a stable order so a drop target does not move under the pointer while
 * loads change: logged-in seniors, then logged-in juniors, then offline operators, each by name.
 */
export function operatorColumns(operators: Iterable<OperatorView>, cap: number = DEFAULT_SENIOR_CAP): OperatorColumn[] {
  const group = (op: OperatorView) => (op.state === 'offline' ? 2 : op.seniority === 'senior' ? 0 : 1);
  return [...operators]
    .sort((a, b) => group(a) - group(b) || byName(a, b))
    .map((op) => {
      const hot = hotLoad(op);
      return {
        op,
        senior: op.seniority === 'senior',
        offline: op.state === 'offline',
        hot,
        fill: cap > 0 ? Math.min(1, hot / cap) : 1,
        full: hot >= cap,
      };
    });
}

/** Who may take leads in the move form: logged in, seniors first, most room first, then by name. */
export function moveTargets(operators: Iterable<OperatorView>): OperatorView[] {
  return [...operators]
    .filter((op) => op.state !== 'offline')
    .sort((a, b) => Number(b.seniority === 'senior') - Number(a.seniority === 'senior') || hotLoad(a) - hotLoad(b) || byName(a, b));
}

/** The owners the manager sees, for `expectedOwners`: only leads on screen are named. */
export function expectedOwners(leadIds: readonly string[], leads: ReadonlyMap<string, LeadListItem>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const id of leadIds) {
    const lead = leads.get(id);
    if (lead) out[id] = lead.ownerOperatorId;
  }
  return out;
}

/** The ids from `anchor` to `target` (inclusive) in the order shown: a shift-click range. */
export function rangeBetween(orderedIds: readonly string[], anchor: string | null, target: string): string[] {
  const to = orderedIds.indexOf(target);
  const from = anchor === null ? -1 : orderedIds.indexOf(anchor);
  if (to < 0) return [];
  if (from < 0) return [target];
  return orderedIds.slice(Math.min(from, to), Math.max(from, to) + 1);
}

/** A 409's leads with the owner each has now, in the order of the refusal. */
export function changedOwners(refusal: Pick<ReassignError, 'leadIds' | 'currentOwners'>): { leadId: string; ownerOperatorId: string | null }[] {
  return refusal.leadIds.map((leadId) => ({ leadId, ownerOperatorId: refusal.currentOwners?.[leadId] ?? null }));
}

/** At most `max` ids for a sentence, then "…" (the refusal's `leadIds` lists them all). */
export function listIds(ids: readonly string[], max = 10): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')}, … (+${ids.length - max})` : ids.join(', ');
}
