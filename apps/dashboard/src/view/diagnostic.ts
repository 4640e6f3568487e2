/**
 * The diagnostic of the domain page, in words: "if many leads do not become prospects, the problem
 * is qualification; if prospects do not close, the problem is the negotiation or the offer".
 *
 * Read on the campaign-to-date funnel (reached stages): qualification = prospects ÷ contacted
 * leads, closing = customers ÷ prospects. Each is judged only with enough leads behind it, against
 * a floor: 15 % for qualification (the qualification-bottleneck alert's default floor) and 10 %
 * for closing (our choice: below one sale in ten qualified prospects, supervisors look at the
 * offer and the closers' pitch).
 */
import type { FunnelCounts } from '@leadboard/contracts';

export const DIAGNOSTIC_LINES = {
  minContacted: 20,
  qualificationFloor: 0.15,
  minProspects: 10,
  closingFloor: 0.1,
} as const;

export type DiagnosticVerdict = 'insufficient' | 'qualification' | 'closing' | 'both' | 'healthy';

export interface StepJudgement {
  rate: number | null;
  /** The step's base (contacted leads, prospects) and what came out of it. */
  base: number;
  reached: number;
  floor: number;
  /** null while the base is too small to judge. */
  low: boolean | null;
}

export interface Diagnosis {
  verdict: DiagnosticVerdict;
  qualification: StepJudgement;
  closing: StepJudgement;
}

function judge(reached: number, base: number, min: number, floor: number): StepJudgement {
  const rate = base > 0 ? reached / base : null;
  return { rate, base, reached, floor, low: base < min || rate === null ? null : rate < floor };
}

export function diagnose(funnel: FunnelCounts | null | undefined, lines = DIAGNOSTIC_LINES): Diagnosis {
  const f = funnel ?? { new: 0, contacted: 0, prospect: 0, opportunity: 0, customer: 0 };
  const qualification = judge(f.prospect, f.contacted, lines.minContacted, lines.qualificationFloor);
  const closing = judge(f.customer, f.prospect, lines.minProspects, lines.closingFloor);
  let verdict: DiagnosticVerdict;
  if (qualification.low === null && closing.low === null) verdict = 'insufficient';
  else if (qualification.low && closing.low) verdict = 'both';
  else if (qualification.low) verdict = 'qualification';
  else if (closing.low) verdict = 'closing';
  else verdict = qualification.low === false || closing.low === false ? 'healthy' : 'insufficient';
  return { verdict, qualification, closing };
}
