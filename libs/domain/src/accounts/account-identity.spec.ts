import { accountIdOf, normaliseCompanyName, normaliseVatId } from './account-identity';

describe('normaliseCompanyName', () => {
  it.each([
    ['Acqua Pura S.r.l.', 'acqua pura'],
    ['ACQUA PURA SRL', 'acqua pura'],
    ['Acqua-Pura srl', 'acqua pura'],
    ['  acqua   pura, S.p.A. ', 'acqua pura'],
    ['Énergie Verte S.A.S.', 'energie verte'],
    ['ENERGIE VERTE SAS', 'energie verte'],
    ['Énergie Verte SARL', 'energie verte'],
    ["L'Oréal S.A.", 'loreal'],
  ])('%s → %s', (name, expected) => {
    expect(normaliseCompanyName(name)).toBe(expected);
  });

  it('keeps a name that is only a legal form', () => {
    expect(normaliseCompanyName('S.A.S.')).toBe('sas');
  });
});

describe('normaliseVatId', () => {
  it('folds spaces, punctuation, case and the country prefix', () => {
    expect(normaliseVatId('IT 01234567890')).toBe('01234567890');
    expect(normaliseVatId('it-01234567890')).toBe('01234567890');
    expect(normaliseVatId('01234.567.890')).toBe('01234567890');
    expect(normaliseVatId('FR 12 345678901')).toBe('12345678901');
  });
});

describe('accountIdOf', () => {
  it('prefers the company id, then the VAT number, then the name', () => {
    expect(accountIdOf({ id: ' crm-42 ', name: 'Acqua Pura', vatId: 'IT01234567890' })).toBe('co:crm-42');
    expect(accountIdOf({ name: 'Acqua Pura', vatId: 'IT 01234567890' })).toBe('vat:01234567890');
    expect(accountIdOf({ name: 'Acqua Pura S.r.l.', vatId: '  ' })).toBe('name:acqua-pura');
  });

  it('gives one account to the spellings of one company', () => {
    const ids = ['Acqua Pura S.r.l.', 'ACQUA PURA SRL', 'acqua-pura srl'].map((name) => accountIdOf({ name }));
    expect(new Set(ids)).toEqual(new Set(['name:acqua-pura']));
  });

  it('has no account for a name with nothing left', () => {
    expect(accountIdOf({ name: ' -- ' })).toBeNull();
  });

  it('bounds long ids and keeps different long names apart', () => {
    const a = accountIdOf({ name: `${'x'.repeat(300)} a` })!;
    const b = accountIdOf({ name: `${'x'.repeat(300)} b` })!;
    expect(a.length).toBeLessThanOrEqual(120);
    expect(a).not.toBe(b);
  });
});
