import { createHash } from 'node:crypto';
import { FileFacts } from './file-facts';

function factsOf(bytes: Buffer, chunkSize: number) {
  const facts = new FileFacts();
  for (let i = 0; i < bytes.length; i += chunkSize) facts.update(bytes.subarray(i, i + chunkSize));
  return facts.finish();
}

describe('FileFacts', () => {
  const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('nome;telefono\nNiccolò;333\n€😀;334\n', 'utf8')]);

  it('hashes and sizes the file, and sees its BOM', () => {
    expect(factsOf(utf8, 1000)).toEqual({ sha256: createHash('sha256').update(utf8).digest('hex'), sizeBytes: utf8.length, bom: true, validUtf8: true });
  });

  it('keeps UTF-8 valid when characters are cut between chunks', () => {
    for (const size of [1, 2, 3, 5]) expect(factsOf(utf8, size).validUtf8).toBe(true);
  });

  it('sees Windows-1252 bytes anywhere in the file, not only at its start', () => {
    const late = Buffer.concat([Buffer.from('a;b\n'.repeat(5000), 'utf8'), Buffer.from('Niccolò;333\n', 'latin1')]);
    expect(factsOf(late, 4096).validUtf8).toBe(false);
  });

  it('says not UTF-8 for a file ending in a cut character', () => {
    expect(factsOf(Buffer.from([0x61, 0xc3]), 1).validUtf8).toBe(false);
  });
});
