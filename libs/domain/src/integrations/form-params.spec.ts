import fc from 'fast-check';
import { decodeFormValue, parseFormEncoded, queryStringOf } from './form-params';

describe('parseFormEncoded', () => {
  it('reads VICIdial\'s encoding: + is a space, %3A a colon, UTF-8 escapes', () => {
    expect(parseFormEncoded('callback_datetime=2026-11-30+15%3A30%3A00&first_name=Jos%C3%A9&last_name=De+Luca')).toEqual({
      callback_datetime: '2026-11-30 15:30:00',
      first_name: 'José',
      last_name: 'De Luca',
    });
  });

  it('tolerates raw values: colons, a stray %, latin-1 bytes', () => {
    expect(parseFormEncoded('SQLdate=2026-11-30+15:30:00&call_notes=50%+off&first_name=Ren%E9')).toEqual({
      SQLdate: '2026-11-30 15:30:00',
      call_notes: '50% off',
      first_name: 'René',
    });
  });

  it('never reads pass or phone_pass, keeps the first of a repeated name, accepts a leading ?', () => {
    const p = parseFormEncoded('?lead_id=1&pass=s3cret&phone_pass=x&lead_id=2&flag');
    expect(p).toEqual({ lead_id: '1', flag: '' });
    expect(Object.values(p)).not.toContain('s3cret');
  });

  it('decodes what encodeURIComponent (with + for spaces) encoded, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(decodeFormValue(encodeURIComponent(text).replace(/%20/g, '+'))).toBe(text);
      }),
    );
  });

  it('finds the query string of a request target', () => {
    expect(queryStringOf('/api/v1/integrations/vicidial/dispo?key=k&lead_id=1#x')).toBe('key=k&lead_id=1');
    expect(queryStringOf('/no-query')).toBe('');
  });
});
