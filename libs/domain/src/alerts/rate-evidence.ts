/**
 * Evidence that a rate is really past its line, not a handful of calls falling one way: the one-sided
 * 80 % Wilson score bounds of a proportion. A rule that raises on a rate asks that the bound on the
 * near side of the line — not just the figure — is past it, so 7 prospects out of 49 contacts (14 %,
 * but anywhere from 10 % to 19 % with that few calls) does not light the wall against a 15 % floor,
 * while 40 out of 400 (10 %) does. Pure arithmetic, no dependencies.
 */

/** z for a one-sided 80 % bound: wrong one time in five at most when the rate sits exactly on the line. */
export const EVIDENCE_Z = 0.8416;

export interface RateBounds {
  lower: number;
  upper: number;
}

/** Wilson score bounds of `hits` out of `trials` (0 ≤ hits ≤ trials); [0, 1] without trials. */
export function wilsonBounds(hits: number, trials: number, z: number = EVIDENCE_Z): RateBounds {
  if (trials <= 0) return { lower: 0, upper: 1 };
  const p = Math.min(1, Math.max(0, hits / trials));
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const scale = 1 + z2 / trials;
  return { lower: Math.max(0, (centre - spread) / scale), upper: Math.min(1, (centre + spread) / scale) };
}
