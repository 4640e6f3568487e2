import { openCsvRecords, sampleRecords } from './csv-record-stream';

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(bytes: Buffer, encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252', chunkSize = 3) {
  const stream = await openCsvRecords(chunked(bytes, chunkSize), encoding);
  const records = [];
  for await (const r of stream.records) records.push(r);
  return { delimiter: stream.delimiter, records, skipped: stream.skipped };
}

describe('openCsvRecords', () => {
  it('decodes Windows-1252 and finds the ; delimiter', async () => {
    const { delimiter, records } = await readAll(Buffer.from('nome;telefono\nNiccolò;333\nRenée;334\n', 'latin1'), 'windows-1252');
    expect(delimiter).toBe(';');
    expect(records.map((r) => r.cells)).toEqual([
      ['nome', 'telefono'],
      ['Niccolò', '333'],
      ['Renée', '334'],
    ]);
  });

  it('drops the BOM and keeps characters cut between chunks whole', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,phone\r\nNiccolò,333\r\n€ Renée,334\r\n', 'utf8')]);
    for (const size of [1, 2, 5]) {
      const { delimiter, records } = await readAll(bytes, 'utf-8-bom', size);
      expect(delimiter).toBe(',');
      expect(records.map((r) => r.cells)).toEqual([
        ['name', 'phone'],
        ['Niccolò', '333'],
        ['€ Renée', '334'],
      ]);
    }
  });

  it('numbers records by the line they start on, skipping blank lines and rows of empty cells', async () => {
    const { records } = await readAll(Buffer.from('a;b\r\n1;2\r\n\r\n;\r\n3;"x\r\ny"\r\n4;5\r\n6;"p\r\nq\r\nr"\r\n7;8', 'utf8'), 'utf-8');
    expect(records.map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'a'],
      [2, '1'],
      [5, '3'],
      [7, '4'],
      [8, '6'],
      [11, '7'],
    ]);
    const lf = await readAll(Buffer.from('a;b\n1;"x\ny"\n2;3\n', 'utf8'), 'utf-8');
    expect(lf.records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('reports a record it cannot read (an unclosed quote) instead of failing', async () => {
    const { records, skipped } = await readAll(Buffer.from('a;b\n1;2\n3;"open\n', 'utf8'), 'utf-8');
    expect(records.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].message).toMatch(/Quote Not Closed/);
  });
});

describe('sampleRecords', () => {
  it('leaves out the line cut at the end of a sample', () => {
    const { delimiter, records } = sampleRecords('a|b\n1|2\n3|4', false);
    expect(delimiter).toBe('|');
    expect(records.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
