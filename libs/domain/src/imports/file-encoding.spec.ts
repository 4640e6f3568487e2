import { chooseEncoding, detectEncoding, hasUtf8Bom, incompleteUtf8TailStart, isValidUtf8, looksBinary } from './file-encoding';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('detectEncoding', () => {
  it('says utf-8-bom for a file starting with the UTF-8 byte order mark', () => {
    const file = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('nome;telefono\nRenée;333\n')]);
    expect(hasUtf8Bom(file)).toBe(true);
    expect(detectEncoding(file, true)).toBe('utf-8-bom');
  });

  it('says utf-8 for valid UTF-8 with accents and no BOM', () => {
    expect(detectEncoding(utf8('nome;telefono\nNiccolò;333\n'), true)).toBe('utf-8');
  });

  it('says windows-1252 for Excel Windows bytes (ò is 0xF2 there)', () => {
    expect(detectEncoding(latin1('nome;telefono\nNiccolò;333\n'), true)).toBe('windows-1252');
  });

  it('does not hold a character cut at the end of a sample against it, unless the sample is the whole file', () => {
    const cut = utf8('Niccolò').slice(0, -1);
    expect(detectEncoding(cut, false)).toBe('utf-8');
    expect(detectEncoding(cut, true)).toBe('windows-1252');
  });

  it('chooses by the rule BOM, else valid UTF-8, else Windows-1252', () => {
    expect(chooseEncoding({ bom: true, validUtf8: false })).toBe('utf-8-bom');
    expect(chooseEncoding({ bom: false, validUtf8: true })).toBe('utf-8');
    expect(chooseEncoding({ bom: false, validUtf8: false })).toBe('windows-1252');
  });
});

describe('isValidUtf8 and incompleteUtf8TailStart', () => {
  it('rejects overlongs, surrogates and stray continuation bytes', () => {
    expect(isValidUtf8(bytes(0xc0, 0xaf))).toBe(false);
    expect(isValidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(false);
    expect(isValidUtf8(bytes(0x80))).toBe(false);
    expect(isValidUtf8(utf8('€ 😀 è'))).toBe(true);
  });

  it('finds where a cut character starts', () => {
    const euro = utf8('a€'); // 61 e2 82 ac
    expect(incompleteUtf8TailStart(euro)).toBe(4);
    expect(incompleteUtf8TailStart(euro.slice(0, 3))).toBe(1);
    expect(incompleteUtf8TailStart(euro.slice(0, 2))).toBe(1);
    expect(incompleteUtf8TailStart(utf8('😀').slice(0, 3))).toBe(0);
    expect(incompleteUtf8TailStart(utf8('abc'))).toBe(3);
  });
});

describe('looksBinary', () => {
  it('is true for NUL bytes (UTF-16, zip/xlsx, images)', () => {
    expect(looksBinary(new Uint8Array(Buffer.from('nome', 'utf16le')))).toBe(true);
    expect(looksBinary(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00))).toBe(true);
  });

  it('is true for mostly control characters, false for text with tabs, CRLF and Ctrl-Z', () => {
    expect(looksBinary(bytes(1, 2, 3, 4, 5, 6, 65, 66))).toBe(true);
    expect(looksBinary(utf8('a\tb\r\nc;d\r\n\x1a'))).toBe(false);
    expect(looksBinary(latin1('Niccolò;Renée'))).toBe(false);
  });
});
