import { detectDelimiter } from './delimiter-detection';

describe('detectDelimiter', () => {
  it('finds ; in an Italian Excel export with decimal commas', () => {
    expect(detectDelimiter('nome;cognome;importo\nMario;Rossi;12,50\nAnna;Bianchi;3,75\n')).toBe(';');
  });

  it('finds , when ; only appears inside quoted fields', () => {
    expect(detectDelimiter('name,phone,notes\nMario,333,"a; b; c"\nAnna,334,"x;y"\n')).toBe(',');
  });

  it('finds tab and |', () => {
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('is not misled by a quoted field spanning lines', () => {
    expect(detectDelimiter('a;b;c\n1;"two\nlines, here";3\n4;5;6\n')).toBe(';');
  });

  it('ignores a cut last line of a sample, unless the sample is the whole file', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n4,5,6,7,8,9')).toBe(';');
    expect(detectDelimiter('a|b\n', true)).toBe('|');
    expect(detectDelimiter('a|b')).toBe('|');
  });

  it('answers , for a single-column file (nothing to split)', () => {
    expect(detectDelimiter('phone\n3331234567\n3339876543\n')).toBe(',');
  });
});
