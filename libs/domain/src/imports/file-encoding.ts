/**
 * What bytes a list file is made of: text or not, and which encoding. Spreadsheet exports arrive
 * as UTF-8 (with or without a BOM) or, from Excel on Windows, as Windows-1252; a file that is not
 * valid UTF-8 is read as Windows-1252, which maps every byte to a character (nothing is refused).
 */
import type { ImportEncoding } from '@leadboard/contracts';

/** How much of a file's start is inspected to decide that it is not text. */
export const BINARY_SNIFF_BYTES = 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
}

/**
 * True when the start of a file is not text: a NUL byte (UTF-16, spreadsheets saved as .xlsx, zip,
 * images) or many control characters. Tab, CR, LF, form feed and Ctrl-Z (old DOS end of file) are text.
 */
export function looksBinary(start: Uint8Array): boolean {
  const n = Math.min(start.length, BINARY_SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = start[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** Length of the UTF-8 sequence a lead byte starts, or 0 when it cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Where a trailing, possibly cut, UTF-8 sequence starts (`bytes.length` when the buffer ends on a
 * whole character): a file read in chunks may split a character between two chunks.
 */
export function incompleteUtf8TailStart(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= Math.max(0, end - 3); i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const len = sequenceLength(b);
    return len > 1 && i + len > end ? i : end;
  }
  return end;
}

/** Strict UTF-8 validity (no overlongs, no surrogates, nothing above U+10FFFF). */
export function isValidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(b);
    if (len === 0 || i + len > end) return false;
    const b1 = bytes[i + 1];
    if ((b1 & 0xc0) !== 0x80) return false;
    if (b === 0xe0 && b1 < 0xa0) return false; // overlong
    if (b === 0xed && b1 > 0x9f) return false; // surrogates
    if (b === 0xf0 && b1 < 0x90) return false; // overlong
    if (b === 0xf4 && b1 > 0x8f) return false; // above U+10FFFF
    for (let k = 2; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += len;
  }
  return true;
}

/** The rule: a BOM says UTF-8; else valid UTF-8 throughout is UTF-8; anything else is Windows-1252. */
export function chooseEncoding(facts: { bom: boolean; validUtf8: boolean }): ImportEncoding {
  if (facts.bom) return 'utf-8-bom';
  return facts.validUtf8 ? 'utf-8' : 'windows-1252';
}

/**
 * The encoding judged from a sample (the preview reads only the file's start). `complete` says the
 * sample is the whole file; otherwise a character cut at the sample's end is not held against it.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): ImportEncoding {
  const bom = hasUtf8Bom(sample);
  const end = complete ? sample.length : incompleteUtf8TailStart(sample);
  return chooseEncoding({ bom, validUtf8: isValidUtf8(sample, bom ? 3 : 0, end) });
}
