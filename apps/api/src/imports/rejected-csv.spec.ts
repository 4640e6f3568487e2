import { csvField, rejectedHeaderLine, rejectedRowLine } from './rejected-csv';

describe('rejected.csv lines', () => {
  it('quotes a value holding the delimiter, a quote, a line break or edge spaces', () => {
    expect(csvField('Rossi', ';')).toBe('Rossi');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a,b', ';')).toBe('a,b');
    expect(csvField('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvField('two\nlines', ',')).toBe('"two\nlines"');
    expect(csvField(' padded', ',')).toBe('" padded"');
  });

  it('adds the row and reason columns after the header and after each row (padded to the header)', () => {
    expect(rejectedHeaderLine(['nome', 'telefono'], ';')).toBe('nome;telefono;rejected_row;rejected_reason\r\n');
    expect(rejectedHeaderLine(null, ';')).toBe('');
    expect(rejectedRowLine({ row: 7, column: 'telefono', message: 'no phone number, and no e-mail address', cells: ['Mario'] }, 2, ';')).toBe(
      'Mario;;7;telefono: no phone number, and no e-mail address\r\n',
    );
    expect(rejectedRowLine({ row: 9, column: null, message: 'the row could not be read: Quote Not Closed', cells: [] }, 0, '\t')).toBe(
      '9\tthe row could not be read: Quote Not Closed\r\n',
    );
  });
});
