/**
 * A small seeded PRNG (mulberry32) with the helpers the model needs. Same seed, same sequence:
 * the simulator's runs and tests are reproducible.
 */
export type Weights<K extends string> = Readonly<Partial<Record<K, number>>>;

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Spread small seeds (1, 2, 3…) over the 32-bit space so their sequences differ at once.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A key drawn with probability proportional to its weight (missing or 0 weights are never drawn). */
  weighted<K extends string>(weights: Weights<K>): K {
    let total = 0;
    for (const key in weights) total += weights[key] ?? 0;
    let roll = this.next() * total;
    let last: K | undefined;
    for (const key in weights) {
      const w = weights[key] ?? 0;
      if (w <= 0) continue;
      last = key;
      roll -= w;
      if (roll < 0) return key;
    }
    if (last === undefined) throw new Error('weighted(): no positive weight');
    return last;
  }

  /** A log-normal-ish duration: most values near `median`, a long tail, clamped to [min, max]. */
  duration(median: number, min: number, max: number): number {
    // Sum of three uniforms ≈ a normal; exp() of it gives the right-skewed shape of call times.
    const normal = (this.next() + this.next() + this.next() - 1.5) * 2;
    const value = Math.round(median * Math.exp(0.5 * normal));
    return Math.min(max, Math.max(min, value));
  }
}
