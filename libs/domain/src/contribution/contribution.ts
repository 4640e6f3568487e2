/**
 * Contribution (domain page, "Contribution"): each transition is credited to the operator of the call
 * that caused it; a junior's qualification rate is the leads they moved to prospect ÷ the leads they
 * contacted, a senior's close rate the customers they closed ÷ the prospects and opportunities they
 * owned. The server reads the figures in sets (SQL fed with the stage lists below, so the credit rule
 * is written once); this file decides what a transition is credited as and computes the rates.
 */
import type { OperatorContribution, Seniority, Stage } from '@leadboard/contracts';

/** Stages at or past prospect: entering them from below is "qualified". */
export const QUALIFIED_STAGES: readonly Stage[] = ['prospect', 'opportunity', 'customer'];
/** Stages at or past opportunity: entering them from below is an opportunity made. */
export const OPPORTUNITY_STAGES: readonly Stage[] = ['opportunity', 'customer'];

export interface TransitionCredit {
  qualified: boolean;
  opportunity: boolean;
  closed: boolean;
}

/**
 * What one transition is credited as. A lead qualified straight to opportunity (an appointment on the
 * first call) was qualified too; moving on from prospect to opportunity is not a second qualification.
 */
export function creditOf(from: Stage | null, to: Stage): TransitionCredit {
  const entered = (stages: readonly Stage[]) => stages.includes(to) && (from === null || !stages.includes(from));
  return { qualified: entered(QUALIFIED_STAGES), opportunity: entered(OPPORTUNITY_STAGES), closed: to === 'customer' };
}

/** The figures the server reads for one operator over a window (each a count of distinct leads, but calls). */
export interface OperatorFigures {
  operatorId: string;
  name: string | null;
  seniority: Seniority;
  calls: number;
  contacts: number;
  qualified: number;
  opportunities: number;
  closed: number;
  prospectsOwned: number;
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * Rates by seniority, and the board's order: most closed, then most qualified, then most contacts, then
 * operator id (plain string order) — a stable order whatever order the rows came in.
 * A senior's "owned" prospects are those on their desk now plus those they closed in the window (a
 * closed one is no longer open, but it was theirs): closed ÷ (closed + prospectsOwned).
 */
export function contributionRows(figures: readonly OperatorFigures[]): OperatorContribution[] {
  return figures
    .map((f) => ({
      ...f,
      displayName: leaderboardName(f.name, f.operatorId),
      qualificationRate: f.seniority === 'junior' ? rate(f.qualified, f.contacts) : null,
      closeRate: f.seniority === 'senior' ? rate(f.closed, f.closed + f.prospectsOwned) : null,
    }))
    .sort(
      (a, b) =>
        b.closed - a.closed ||
        b.qualified - a.qualified ||
        b.contacts - a.contacts ||
        (a.operatorId < b.operatorId ? -1 : a.operatorId > b.operatorId ? 1 : 0),
    );
}

/**
 * The name a wall screen may show: the first name and the initial of the last word ("Giulia Rossi" →
 * "Giulia R."), the first name alone when there is one word; an operator without a name shows as "#"
 * and the last characters of their id (dialer user ids are often built from a surname).
 */
export function leaderboardName(name: string | null, operatorId: string): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return `#${operatorId.replace(/^op[-_]?/i, '').slice(-4).toUpperCase() || operatorId.slice(-4)}`;
  if (words.length === 1) return words[0];
  return `${words[0]} ${[...words[words.length - 1]][0].toUpperCase()}.`;
}

/** A copy for a wall screen: the full name removed, the display name kept. */
export function contributionForWallScreen(row: OperatorContribution): OperatorContribution {
  return row.name === null ? row : { ...row, name: null };
}
