/**
 * Hysteresis so alerts do not flap (domain page, "Alerts"): a rule must fire on two consecutive
 * evaluations to raise and be quiet on two to resolve. The state is passed in and returned, so the
 * server keeps it per campaign and rule wherever it likes. dnc violations skip this: they raise at once.
 */

export interface HysteresisState {
  raised: boolean;
  /** Consecutive firing evaluations, capped at the count that raises. */
  trueStreak: number;
  /** Consecutive quiet evaluations, capped at the count that resolves. */
  falseStreak: number;
}

export const INITIAL_HYSTERESIS: Readonly<HysteresisState> = Object.freeze({ raised: false, trueStreak: 0, falseStreak: 0 });

export type HysteresisTransition = 'raise' | 'resolve' | null;

export interface HysteresisOptions {
  /** Consecutive firing evaluations needed to raise; default 2. */
  raiseAfter?: number;
  /** Consecutive quiet evaluations needed to resolve; default 2. */
  resolveAfter?: number;
}

const DEFAULT_STREAK = 2;

/** At least 1 whole evaluation: 0 or a fraction has no meaning, and a bad option must not silence alerts. */
function streakOption(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) ? Math.max(1, Math.floor(value)) : DEFAULT_STREAK;
}

/**
 * One evaluation. Streaks are capped so that a steady state is a fixed point: the caller can persist
 * only when the returned state differs from the one it passed in.
 */
export function stepHysteresis(
  state: HysteresisState,
  firing: boolean,
  opts: HysteresisOptions = {},
): { state: HysteresisState; transition: HysteresisTransition } {
  if (firing) {
    const raiseAfter = streakOption(opts.raiseAfter);
    const trueStreak = Math.min(state.trueStreak + 1, raiseAfter);
    const raise = !state.raised && trueStreak >= raiseAfter;
    return { state: { raised: state.raised || raise, trueStreak, falseStreak: 0 }, transition: raise ? 'raise' : null };
  }
  const resolveAfter = streakOption(opts.resolveAfter);
  const falseStreak = Math.min(state.falseStreak + 1, resolveAfter);
  const resolve = state.raised && falseStreak >= resolveAfter;
  return { state: { raised: state.raised && !resolve, trueStreak: 0, falseStreak }, transition: resolve ? 'resolve' : null };
}
