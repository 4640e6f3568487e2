/**
 * Which of `;` `,` tab `|` separates a file's columns, judged on a sample of its first lines.
 * Done here rather than by csv-parse: its `delimiter_auto` throws on non-ASCII text and a list of
 * delimiters splits on every one of them (a `;` file with decimal commas would break).
 */
import { IMPORT_DELIMITERS, type ImportDelimiter } from '@leadboard/contracts';

const SAMPLE_LINES = 50;

/**
 * Counts each candidate outside double quotes, per line (a quoted field may hold a delimiter or a
 * line break). Only complete lines are used unless `complete` says the sample is the whole file.
 */
function countsPerLine(text: string, complete: boolean): Map<ImportDelimiter, number[]> {
  const counts = new Map<ImportDelimiter, number[]>(IMPORT_DELIMITERS.map((d) => [d, []]));
  let current = new Map<string, number>();
  let inQuotes = false;
  let lineHasContent = false;
  let lines = 0;
  const endLine = () => {
    if (lineHasContent) {
      for (const d of IMPORT_DELIMITERS) counts.get(d)?.push(current.get(d) ?? 0);
      lines++;
    }
    current = new Map();
    lineHasContent = false;
  };
  for (let i = 0; i < text.length && lines < SAMPLE_LINES; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '\n') {
      endLine();
      continue;
    } else if (!inQuotes && (IMPORT_DELIMITERS as readonly string[]).includes(c)) current.set(c, (current.get(c) ?? 0) + 1);
    if (c !== '\r' && c !== ' ') lineHasContent = true;
  }
  // The last line of a cut sample may be partial; it still counts when it is the only one.
  if ((complete || lines === 0) && lines < SAMPLE_LINES) endLine();
  return counts;
}

function mode(values: number[]): { value: number; share: number } {
  const freq = new Map<number, number>();
  for (const v of values) if (v > 0) freq.set(v, (freq.get(v) ?? 0) + 1);
  let best = { value: 0, share: 0 };
  for (const [value, n] of freq) {
    const share = n / values.length;
    if (share > best.share || (share === best.share && value > best.value)) best = { value, share };
  }
  return best;
}

/**
 * The candidate found the same number of times on the most lines (then the most often, then the
 * first of `;` `,` tab `|`). A file with a single column has none: `,` is answered, it splits nothing.
 */
export function detectDelimiter(sample: string, complete = false): ImportDelimiter {
  const counts = countsPerLine(sample, complete);
  let best: { delimiter: ImportDelimiter; share: number; value: number } | null = null;
  for (const delimiter of IMPORT_DELIMITERS) {
    const perLine = counts.get(delimiter) ?? [];
    if (perLine.length === 0) continue;
    const m = mode(perLine);
    if (m.value === 0) continue;
    if (!best || m.share > best.share || (m.share === best.share && m.value > best.value)) best = { delimiter, ...m };
  }
  return best?.delimiter ?? ',';
}
