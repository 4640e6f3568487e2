import { classifyGraphFailure, redact } from './meta-graph.client';

describe('classifyGraphFailure', () => {
  it('stops on token errors: 190 whatever its type, and OAuth 102, 10 and 2xx permission errors', () => {
    expect(classifyGraphFailure(400, { code: 190, type: 'OAuthException', error_subcode: 463 })).toBe('token');
    expect(classifyGraphFailure(500, { code: 190 })).toBe('token');
    for (const code of [102, 10, 200, 299]) expect(classifyGraphFailure(400, { code, type: 'OAuthException' })).toBe('token');
  });

  it('retries rate limits, Graph hiccups, transient flags, 5xx and 429', () => {
    for (const code of [4, 17, 32, 613, 80001, 1, 2]) expect(classifyGraphFailure(400, { code, type: 'OAuthException' })).toBe('transient');
    expect(classifyGraphFailure(400, { code: 100, is_transient: true })).toBe('transient');
    expect(classifyGraphFailure(502, undefined)).toBe('transient');
    expect(classifyGraphFailure(503, { code: 100 })).toBe('transient');
    expect(classifyGraphFailure(429, undefined)).toBe('transient');
  });

  it('gives up on other errors (an unknown or deleted lead, a bad request)', () => {
    expect(classifyGraphFailure(400, { code: 100, type: 'GraphMethodException' })).toBe('permanent');
    expect(classifyGraphFailure(404, undefined)).toBe('permanent');
    // A permission code outside an OAuth error is not the token's fault.
    expect(classifyGraphFailure(400, { code: 200, type: 'GraphMethodException' })).toBe('permanent');
  });
});

describe('redact', () => {
  it('removes every occurrence of each secret', () => {
    expect(redact('token EAAB123 was EAAB123; secret s3', ['EAAB123', 's3', ''])).toBe('token [redacted] was [redacted]; secret [redacted]');
  });
});
