/**
 * A list file's bytes → its records, streamed: decoded (iconv-lite), the delimiter judged on the
 * first 64 KB of text, then parsed by csv-parse. Used by the import job (chunks from PostgreSQL)
 * and by the preview (the start of an upload).
 */
import { Readable } from 'node:stream';
import { IMPORT_PREVIEW_BYTES, type ImportDelimiter, type ImportEncoding } from '@leadboard/contracts';
import { detectDelimiter } from '@leadboard/domain';
import { parse, type Options as CsvParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';

export interface CsvRecord {
  cells: string[];
  /** The file line the record starts on (the first line is 1). */
  line: number;
}

/** A record csv-parse could not read (an unclosed quote at the end of the file), with where it started. */
export interface CsvSkippedRecord {
  line: number;
  message: string;
}

function csvOptions(delimiter: ImportDelimiter): CsvParseOptions {
  return {
    delimiter,
    // Spreadsheets write short rows and stray quotes; the row rules judge the values, not the parser.
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // Excel's trailing ";;;;" rows are not rows.
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    info: true,
  };
}

/**
 * The line a record starts on. csv-parse reports the line where a record ends, and counts a CRLF
 * inside a quoted field as two lines (every later record then looks one line further down):
 * both are undone here, record after record.
 */
class RecordLines {
  private overcount = 0;

  startOf(endLine: number, cells: string[]): number {
    let breaks = 0;
    for (const cell of cells) {
      if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
      for (let i = 0; i < cell.length; i++) {
        const c = cell[i];
        if (c === '\r' && cell[i + 1] === '\n') {
          this.overcount++;
          breaks++;
          i++;
        } else if (c === '\n' || c === '\r') breaks++;
      }
    }
    return endLine - this.overcount - breaks;
  }
}

function iconvName(encoding: ImportEncoding): string {
  return encoding === 'windows-1252' ? 'win1252' : 'utf8';
}

async function* decode(chunks: AsyncIterable<Buffer>, encoding: ImportEncoding): AsyncGenerator<string> {
  // The UTF-8 decoder drops a leading BOM and keeps a character cut between two chunks for the next one.
  const decoder = iconv.getDecoder(iconvName(encoding));
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export interface CsvRecordStream {
  delimiter: ImportDelimiter;
  records: AsyncIterable<CsvRecord>;
  /** Records that could not be parsed; complete once `records` is exhausted. */
  skipped: CsvSkippedRecord[];
}

/** Opens a file's records; reads only enough text to judge the delimiter before returning. */
export async function openCsvRecords(chunks: AsyncIterable<Buffer>, encoding: ImportEncoding): Promise<CsvRecordStream> {
  const text = decode(chunks, encoding);
  let sample = '';
  let ended = false;
  while (sample.length < IMPORT_PREVIEW_BYTES) {
    const next = await text.next();
    if (next.done) {
      ended = true;
      break;
    }
    sample += next.value;
  }
  const delimiter = detectDelimiter(sample, ended);
  const skipped: CsvSkippedRecord[] = [];
  const parser = parse({
    ...csvOptions(delimiter),
    on_skip: (err) => {
      if (err) skipped.push({ line: (err as { lines?: number }).lines ?? 0, message: err.message.replace(/: got .*$/, '') });
    },
  });
  async function* source(): AsyncGenerator<string> {
    if (sample) yield sample;
    if (!ended) yield* text;
  }
  const input = Readable.from(source(), { objectMode: false });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  const lines = new RecordLines();
  async function* records(): AsyncGenerator<CsvRecord> {
    for await (const out of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { cells: out.record, line: lines.startOf(out.info.lines, out.record) };
    }
  }
  return { delimiter, records: records(), skipped };
}

/** The first records of a file's start (the preview): a line cut at the sample's end is left out. */
export function sampleRecords(text: string, complete: boolean): { delimiter: ImportDelimiter; records: CsvRecord[] } {
  const usable = complete ? text : text.slice(0, Math.max(text.lastIndexOf('\n') + 1, 0)) || text;
  const delimiter = detectDelimiter(usable, complete);
  const out = parseSync(usable, csvOptions(delimiter)) as unknown as { record: string[]; info: { lines: number } }[];
  const lines = new RecordLines();
  return { delimiter, records: out.map((o) => ({ cells: o.record, line: lines.startOf(o.info.lines, o.record) })) };
}

/** Decodes a whole (small) buffer, e.g. the preview's sample. */
export function decodeText(bytes: Buffer, encoding: ImportEncoding): string {
  return iconv.decode(bytes, iconvName(encoding));
}
