import fc from 'fast-check';
import { wilsonBounds } from './rate-evidence';

describe('wilsonBounds', () => {
  it('brackets the observed rate, within [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (trials, share) => {
        const hits = Math.round(share * trials);
        const { lower, upper } = wilsonBounds(hits, trials);
        expect(lower).toBeGreaterThanOrEqual(0);
        expect(upper).toBeLessThanOrEqual(1);
        expect(lower).toBeLessThanOrEqual(hits / trials + 1e-12);
        expect(upper).toBeGreaterThanOrEqual(hits / trials - 1e-12);
      }),
    );
  });

  it('narrows as calls accumulate at the same rate', () => {
    const small = wilsonBounds(7, 49);
    const large = wilsonBounds(70, 490);
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
  });

  it('matches hand-computed figures', () => {
    expect(wilsonBounds(7, 49).upper).toBeCloseTo(0.19, 3);
    expect(wilsonBounds(40, 400).upper).toBeCloseTo(0.1133, 3);
    expect(wilsonBounds(4, 131).lower).toBeCloseTo(0.0202, 3);
    expect(wilsonBounds(0, 0)).toEqual({ lower: 0, upper: 1 });
  });
});
