import fc from 'fast-check';
import { isIdKey, parseJsonWithStringIds, quoteIntegerIds } from './json-integer-ids';

describe('quoteIntegerIds', () => {
  it('keeps every digit of a 17-digit leadgen id sent as a JSON number', () => {
    const raw = '{"entry":[{"id":"0","changes":[{"field":"leadgen","value":{"leadgen_id":12345678901234567,"page_id":  9007199254740993}}]}]}';
    const body = parseJsonWithStringIds(raw) as { entry: { changes: { value: Record<string, unknown> }[] }[] };
    expect(body.entry[0].changes[0].value).toEqual({ leadgen_id: '12345678901234567', page_id: '9007199254740993' });
    // What plain JSON.parse would have given: the digits are gone.
    expect(String((JSON.parse(raw) as typeof body).entry[0].changes[0].value['leadgen_id'])).toBe('12345678901234568');
  });

  it('turns small and negative id integers into strings too, so an id is always a string', () => {
    expect(quoteIntegerIds('{"id":7,"form_id" : -12}')).toBe('{"id":"7","form_id" : "-12"}');
  });

  it('leaves numbers of other keys, numbers with a fraction or exponent, and numbers in arrays alone', () => {
    const raw = '{"time":1764496800,"created_time":12345678901234567,"ad_id":1.5,"page_id":1e3,"ids":[12345678901234567],"id":[1,2]}';
    expect(quoteIntegerIds(raw)).toBe(raw);
  });

  it('does not mistake text inside strings for keys, including escaped quotes and backslashes', () => {
    const raw = '{"note":"\\"id\\": 12345678901234567","path":"C:\\\\","lead_id":12345678901234567}';
    expect(parseJsonWithStringIds(raw)).toEqual({ note: '"id": 12345678901234567', path: 'C:\\', lead_id: '12345678901234567' });
  });

  it('reads keys written with escapes as the key they spell', () => {
    expect(parseJsonWithStringIds('{"leadgen\\u005fid":12345678901234567}')).toEqual({ leadgen_id: '12345678901234567' });
  });

  it('leaves invalid JSON invalid, so JSON.parse still refuses it', () => {
    for (const bad of ['{"id":0123}', '{"id":123abc}', '{"id":12', '{"id', '{"id":-}']) {
      expect(() => parseJsonWithStringIds(bad)).toThrow(SyntaxError);
    }
  });

  it('accepts a custom notion of id keys', () => {
    expect(quoteIntegerIds('{"n":12345678901234567,"id":1}', (k) => k === 'n')).toBe('{"n":"12345678901234567","id":1}');
  });

  it('knows Meta id keys', () => {
    expect(['id', 'leadgen_id', 'page_id', 'form_id', 'ad_id', 'adgroup_id'].every(isIdKey)).toBe(true);
    expect(['time', 'created_time', 'identity', 'idx', 'paid'].some(isIdKey)).toBe(false);
  });
});

/** A JSON tree where integers keep their exact digits, rendered with chosen whitespace. */
type Tree =
  | { kind: 'object'; entries: [string, Tree][] }
  | { kind: 'array'; items: Tree[] }
  | { kind: 'integer'; digits: string }
  | { kind: 'fraction'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'literal'; value: boolean | null };

const keyArb = fc.oneof(
  fc.constantFrom('id', 'leadgen_id', 'page_id', 'form_id', 'created_time', 'time', 'value', 'field', 'x_idx', 'a"b_id', 'c\\_id'),
  fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__'),
);
const stringArb = fc.oneof(fc.constantFrom('"id": 12345678901234567', 'a\\"b', '\\', '{"leadgen_id":1}'), fc.string({ maxLength: 12 }));
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map((n): Tree => ({ kind: 'integer', digits: n.toString() })),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((v) => !/^-?[0-9]+$/.test(JSON.stringify(v)))
      .map((value): Tree => ({ kind: 'fraction', value })),
    stringArb.map((value): Tree => ({ kind: 'string', value })),
    fc.constantFrom(true, false, null).map((value): Tree => ({ kind: 'literal', value })),
    fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 5 }).map((entries): Tree => ({ kind: 'object', entries })),
    fc.array(tie('tree'), { maxLength: 4 }).map((items): Tree => ({ kind: 'array', items })),
  ),
}));

function render(t: Tree, ws: string): string {
  switch (t.kind) {
    case 'object':
      return `{${ws}${t.entries.map(([k, v]) => `${JSON.stringify(k)}${ws}:${ws}${render(v, ws)}`).join(`,${ws}`)}${ws}}`;
    case 'array':
      return `[${ws}${t.items.map((v) => render(v, ws)).join(`,${ws}`)}${ws}]`;
    case 'integer':
      return t.digits;
    case 'fraction':
      return JSON.stringify(t.value);
    case 'string':
      return JSON.stringify(t.value);
    case 'literal':
      return JSON.stringify(t.value);
  }
}

/** What the parse must give: integers of id keys as their exact digits, everything else as JSON.parse reads it. */
function expected(t: Tree, underIdKey: boolean): unknown {
  switch (t.kind) {
    case 'object':
      return Object.fromEntries(t.entries.map(([k, v]) => [k, expected(v, isIdKey(k))]));
    case 'array':
      return t.items.map((v) => expected(v, false));
    case 'integer':
      return underIdKey ? t.digits : Number(t.digits);
    case 'fraction':
    case 'string':
    case 'literal':
      return t.value;
  }
}

describe('quoteIntegerIds (properties)', () => {
  it('parses any JSON like JSON.parse, except that id integers keep their exact digits as strings', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom('', ' ', '\n  ', '\t'), (t, ws) => {
        expect(parseJsonWithStringIds(render(t, ws))).toEqual(expected(t, false));
      }),
      { numRuns: 500 },
    );
  });

  it('changes nothing in JSON that has no integer under an id key', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const hasIdInteger = /"(?:id|[^"]*_id)"\s*:\s*-?[0-9]/.test(text);
        fc.pre(!hasIdInteger);
        expect(quoteIntegerIds(text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
