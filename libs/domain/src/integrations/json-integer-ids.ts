/**
 * Reading ids that arrive as JSON numbers beyond 2^53 (Meta may send `"leadgen_id": 12345678901234567`)
 * without losing digits. Node 20's JSON.parse cannot show a reviver the source text, so the raw text
 * is rewritten first: the integer value of every id key is wrapped in quotes, then parsed as usual.
 *
 * The scanner only has to recognise strings (to skip their content and spot keys) and numbers right
 * after a key's colon; everything else is copied verbatim. Text that is not valid JSON stays invalid,
 * so JSON.parse still refuses it.
 */

/** Meta's id keys: `id`, and any key ending in `_id` (`leadgen_id`, `page_id`, `form_id`, `ad_id`…). */
export function isIdKey(key: string): boolean {
  return key === 'id' || key.endsWith('_id');
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;

function skipWhitespace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** A key as JSON spells it, decoded (escapes included); null when it is not a valid JSON string. */
function decodeKey(token: string): string | null {
  try {
    return JSON.parse(token) as string;
  } catch {
    return null;
  }
}

/**
 * Returns `json` with each integer value of an id key (per `idKey`) turned into a string:
 * `{"leadgen_id": 12345678901234567}` → `{"leadgen_id": "12345678901234567"}`. Numbers with a
 * fraction or an exponent, numbers of other keys and numbers inside arrays are left alone.
 */
export function quoteIntegerIds(json: string, idKey: (key: string) => boolean = isIdKey): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let i = 0;
  while (i < json.length) {
    if (json.charCodeAt(i) !== QUOTE) {
      i++;
      continue;
    }
    const start = i++;
    while (i < json.length && json.charCodeAt(i) !== QUOTE) i += json.charCodeAt(i) === BACKSLASH ? 2 : 1;
    if (i >= json.length) break; // an unterminated string: JSON.parse will refuse the text
    const end = ++i;
    let j = skipWhitespace(json, end);
    if (json[j] !== ':') continue; // a value, not a key
    j = skipWhitespace(json, j + 1);
    NUMBER.lastIndex = j;
    const m = NUMBER.exec(json);
    if (!m || m[1] !== undefined || m[2] !== undefined) continue;
    const key = decodeKey(json.slice(start, end));
    if (key === null || !idKey(key)) continue;
    parts.push(json.slice(copiedUpTo, j), '"', m[0], '"');
    copiedUpTo = i = j + m[0].length;
  }
  parts.push(json.slice(copiedUpTo));
  return parts.join('');
}

/** JSON.parse, with the integer values of id keys read as exact strings. Throws SyntaxError like JSON.parse. */
export function parseJsonWithStringIds(json: string, idKey: (key: string) => boolean = isIdKey): unknown {
  return JSON.parse(quoteIntegerIds(json, idKey));
}
