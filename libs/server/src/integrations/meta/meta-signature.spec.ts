import { createHmac } from 'node:crypto';
import { metaSignature, metaSignatureMatches } from './meta-signature';

const secret = 'app-secret-123';
const body = Buffer.from('{"object":"page","entry":[{"changes":[{"field":"leadgen","value":{"leadgen_id":12345678901234567}}]}]}');
const good = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('metaSignatureMatches', () => {
  it('accepts the HMAC-SHA256 of the raw bytes under the app secret, in either hex case', () => {
    expect(metaSignature(body, secret)).toBe(good);
    expect(metaSignatureMatches(body, good, secret)).toBe(true);
    expect(metaSignatureMatches(body, `sha256=${good.slice(7).toUpperCase()}`, secret)).toBe(true);
  });

  it('refuses another secret, another body, or the same JSON written differently', () => {
    expect(metaSignatureMatches(body, good, 'other-secret')).toBe(false);
    expect(metaSignatureMatches(Buffer.concat([body, Buffer.from(' ')]), good, secret)).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(metaSignatureMatches(reserialised, good, secret)).toBe(false);
  });

  it('refuses a missing or malformed header without throwing', () => {
    const hex = good.slice(7);
    for (const header of [undefined, '', hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${'z'.repeat(64)}`]) {
      expect(metaSignatureMatches(body, header, secret)).toBe(false);
    }
  });
});
