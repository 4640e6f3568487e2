/**
 * Reading VICIdial's parameters from a query string or a form body. VICIdial encodes values
 * (`+` for a space, `%3A` for a colon) in most places, but its No Agent Call URL only turns spaces
 * into `+` and leaves the rest raw, and old versions send latin-1 bytes: decoding is tolerant, never
 * throws, and keeps anything that is not a valid escape as it came.
 */

/** Parameters never read, not even decoded: VICIdial can put the agent's passwords in a URL. */
export const VICIDIAL_SECRET_PARAMS: ReadonlySet<string> = new Set(['pass', 'phone_pass']);

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');

function decodeBytes(run: string): string {
  const bytes = new Uint8Array(run.length / 3);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** `+` is a space; each run of `%XX` escapes is UTF-8 (latin-1 when it is not valid UTF-8); a stray `%` stays. */
export function decodeFormValue(raw: string): string {
  return raw.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeBytes);
}

/**
 * `a=1&b=x+y` → `{ a: '1', b: 'x y' }`. A repeated name keeps its first value; a name without `=`
 * has the empty value; the secret parameters are skipped unread.
 */
export function parseFormEncoded(raw: string, skip: ReadonlySet<string> = VICIDIAL_SECRET_PARAMS): Record<string, string> {
  const out = new Map<string, string>();
  const text = raw.startsWith('?') ? raw.slice(1) : raw;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeFormValue(eq < 0 ? pair : pair.slice(0, eq));
    if (!name || skip.has(name) || out.has(name)) continue;
    out.set(name, eq < 0 ? '' : decodeFormValue(pair.slice(eq + 1)));
  }
  return Object.fromEntries(out);
}

/** The query string of a request target (`/path?x=1` → `x=1`), without any fragment. */
export function queryStringOf(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return '';
  const rest = target.slice(q + 1);
  const hash = rest.indexOf('#');
  return hash < 0 ? rest : rest.slice(0, hash);
}
