/**
 * The wall's headline rates: the last hour ("now") against today's figures (the baseline).
 *
 * Baseline choice: the `today` window, not campaign-to-date. Campaign-to-date rates are per lead
 * (how far the leads got, over their whole life); the window rates are per call and per
 * transition in a span of time. Only a window is comparable with a window, and "today" is what a
 * supervisor measures the last hour against.
 */
import type { WindowMetrics } from '@leadboard/contracts';

export const HEADLINE_KEYS = ['prospectPerContacted', 'contactPerCall', 'customerPerProspect', 'dropRate'] as const;
export type HeadlineKey = (typeof HEADLINE_KEYS)[number];

/** +1: higher is better; −1: lower is better. */
const POLARITY: Readonly<Record<HeadlineKey, 1 | -1>> = {
  prospectPerContacted: 1,
  contactPerCall: 1,
  customerPerProspect: 1,
  dropRate: -1,
};

export type Trend = 'up' | 'down' | 'flat' | 'unknown';
export type Verdict = 'better' | 'worse' | 'same' | 'unknown';

export interface HeadlineRate {
  key: HeadlineKey;
  now: number | null;
  baseline: number | null;
  /** now − baseline, in fraction points (0.02 = 2 points). */
  delta: number | null;
  trend: Trend;
  verdict: Verdict;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

export function windowRate(key: HeadlineKey, w: WindowMetrics | null | undefined): number | null {
  if (!w) return null;
  switch (key) {
    case 'prospectPerContacted':
      return w.prospectPerContacted ?? ratio(w.transitions.prospect, w.contacts);
    case 'contactPerCall':
      return ratio(w.contacts, w.calls);
    case 'customerPerProspect':
      return ratio(w.transitions.customer, w.transitions.prospect);
    case 'dropRate':
      return w.dropRate ?? ratio(w.dropped, w.contacts + w.dropped);
  }
}

/** Differences under one point, or under 5 % of the baseline, read as "about the same". */
export function compare(key: HeadlineKey, now: number | null, baseline: number | null): Pick<HeadlineRate, 'delta' | 'trend' | 'verdict'> {
  if (now === null || baseline === null) return { delta: null, trend: 'unknown', verdict: 'unknown' };
  const delta = now - baseline;
  const flat = Math.abs(delta) < 0.01 || Math.abs(delta) < Math.abs(baseline) * 0.05;
  if (flat) return { delta, trend: 'flat', verdict: 'same' };
  const trend: Trend = delta > 0 ? 'up' : 'down';
  const better = (delta > 0 ? 1 : -1) === POLARITY[key];
  return { delta, trend, verdict: better ? 'better' : 'worse' };
}

export function headlineRates(now: WindowMetrics | null | undefined, baseline: WindowMetrics | null | undefined): HeadlineRate[] {
  return HEADLINE_KEYS.map((key) => {
    const n = windowRate(key, now);
    const b = windowRate(key, baseline);
    return { key, now: n, baseline: b, ...compare(key, n, b) };
  });
}
