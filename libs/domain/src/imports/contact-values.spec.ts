import { looksLikeEmail, looksLikePhone, normaliseEmail, normalisePhone } from './contact-values';

describe('normalisePhone', () => {
  it.each([
    ['333 123 4567', 'IT', null, '+393331234567'],
    ['333-123-4567', 'IT', null, '+393331234567'],
    ['06 1234 5678', 'IT', null, '+390612345678'],
    ['+39 333 1234567', 'FR', null, '+393331234567'],
    ['0039 333 1234567', 'IT', null, '+393331234567'],
    ['06 12 34 56 78', 'FR', null, '+33612345678'],
    ['0612345678', 'IT', '33', '+33612345678'],
    ['3331234567', 'FR', '39', '+393331234567'],
    ['2025550123', 'IT', '1', '+12025550123'],
  ])('%s (default %s, calling code %s) → %s', (raw, country, code, e164) => {
    expect(normalisePhone(raw, country, code)).toEqual({ ok: true, e164 });
  });

  it('says empty for nothing, or no digits at all', () => {
    expect(normalisePhone('  ', 'IT')).toEqual({ ok: false, reason: 'empty' });
    expect(normalisePhone('n/a', 'IT')).toEqual({ ok: false, reason: 'empty' });
  });

  it('says invalid for numbers that are not numbers of their country (too short, Excel-mangled)', () => {
    expect(normalisePhone('12345', 'IT')).toEqual({ ok: false, reason: 'invalid' });
    expect(normalisePhone('3.33123E+9', 'IT')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('e-mail and look-alikes', () => {
  it('normalises an address trimmed and lower-cased, refuses what is not one', () => {
    expect(normaliseEmail('  Maria.Rossi@Example.IT ')).toBe('maria.rossi@example.it');
    expect(normaliseEmail('maria.rossi@')).toBeNull();
    expect(normaliseEmail('maria rossi@example.it')).toBeNull();
  });

  it('recognises phone- and e-mail-like cells', () => {
    expect(looksLikePhone('+39 (333) 123-4567')).toBe(true);
    expect(looksLikePhone('Rossi')).toBe(false);
    expect(looksLikePhone('12')).toBe(false);
    expect(looksLikeEmail('a@b.it')).toBe(true);
    expect(looksLikeEmail('a@b')).toBe(false);
  });
});
