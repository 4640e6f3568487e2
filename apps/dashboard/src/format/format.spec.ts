import { describe, expect, it } from 'vitest';
import { NONE, formatAge, formatCount, formatRate } from './format';

// Intl may use narrow no-break spaces: compare with plain spaces
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('format', () => {
  it('formats rates as percentages in the locale, null as a dash', () => {
    expect(formatRate(0.456, 'en')).toBe('45.6%');
    expect(formatRate(0.456, 'it')).toBe('45,6%');
    expect(plain(formatRate(0.456, 'fr'))).toBe('45,6 %');
    expect(formatRate(1, 'en')).toBe('100%');
    expect(formatRate(null, 'en')).toBe(NONE);
    expect(formatRate(Number.NaN, 'en')).toBe(NONE);
  });

  it('formats counts with the locale grouping', () => {
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount(12345, 'it')).toBe('12.345');
    expect(plain(formatCount(1234, 'fr'))).toBe('1 234');
    expect(formatCount(7, 'fr')).toBe('7');
    expect(formatCount(null, 'en')).toBe(NONE);
  });

  it('formats a data age in seconds, minutes or hours', () => {
    expect(plain(formatAge(12, 'it'))).toBe('12 s');
    expect(plain(formatAge(125, 'fr'))).toBe('2 min');
    expect(formatAge(7300, 'en')).toMatch(/^2 h/);
  });
});
