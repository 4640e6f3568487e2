import { randomBytes } from 'node:crypto';
import { jwtKeyId, keyForKid } from '../auth/jwt-secrets';
import { ConfigError, loadAppConfig, requireJwtKeys } from './app-config';

const strong = () => randomBytes(32).toString('base64');

function configError(env: Record<string, string>): string {
  try {
    loadAppConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('session signing secrets', () => {
  it('has no built-in secret: without JWT_SECRET there are no keys, and the API’s check names the variable', () => {
    const config = loadAppConfig({});
    expect(config.jwt).toBeNull();
    expect(() => requireJwtKeys(config)).toThrow(ConfigError);
    expect(() => requireJwtKeys(config)).toThrow(/JWT_SECRET: is required/);
  });

  it.each([
    ['the old built-in development secret', 'leadboard-dev-secret-not-for-production'],
    ['48 hex digits (24 bytes)', randomBytes(24).toString('hex')],
    ['42 base64 characters', randomBytes(32).toString('base64url').slice(0, 42)],
    ['a long repeated character', 'a'.repeat(80)],
    ['a short passphrase', 'correct horse battery staple!'],
  ])('refuses %s, naming JWT_SECRET', (_what, secret) => {
    expect(configError({ JWT_SECRET: secret })).toMatch(/JWT_SECRET: .*(32|random)/);
  });

  it.each([
    ['openssl rand -base64 32', randomBytes(32).toString('base64')],
    ['openssl rand -hex 32', randomBytes(32).toString('hex')],
    ['base64url of 32 bytes', randomBytes(32).toString('base64url')],
    ['32 bytes of other characters', 'Ωμέγα-ß€-ключ-' + randomBytes(12).toString('base64')],
  ])('accepts %s', (_what, secret) => {
    expect(loadAppConfig({ JWT_SECRET: secret }).jwt?.current.secret).toBe(secret);
  });

  it('rotates: the previous secret verifies by its kid, signs nothing, and must differ and have a successor', () => {
    const [now, before] = [strong(), strong()];
    const keys = requireJwtKeys(loadAppConfig({ JWT_SECRET: now, JWT_SECRET_PREVIOUS: before }));
    expect(keys.current).toEqual({ kid: jwtKeyId(now), secret: now });
    expect(keyForKid(keys, jwtKeyId(before))?.secret).toBe(before);
    expect(keyForKid(keys, 'unknown')).toBeNull();
    expect(keyForKid(keys, undefined)).toBeNull();
    expect(jwtKeyId(now)).not.toBe(jwtKeyId(before));
    expect(configError({ JWT_SECRET_PREVIOUS: before })).toContain('JWT_SECRET: is required when JWT_SECRET_PREVIOUS');
    expect(configError({ JWT_SECRET: now, JWT_SECRET_PREVIOUS: now })).toContain('JWT_SECRET_PREVIOUS: must differ');
    expect(configError({ JWT_SECRET: now, JWT_SECRET_PREVIOUS: 'short' })).toContain('JWT_SECRET_PREVIOUS');
  });
});

describe('edge settings', () => {
  it('has rate limits the bench and the demo stay under, and trusts only a local proxy by default', () => {
    const c = loadAppConfig({});
    expect(c.rateLimits).toEqual({ ingestPerSecond: 200, loginFailures: 5, loginWindowSeconds: 60, subscribePerMinute: 30 });
    expect(c.trustProxy).toBe('loopback');
  });

  it.each([
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ] as const)('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadAppConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('refuses TRUST_PROXY=true (anyone could choose their address) and a bad rate, naming them', () => {
    expect(configError({ TRUST_PROXY: 'true' })).toContain('TRUST_PROXY');
    expect(configError({ RATE_LIMIT_INGEST: '0' })).toContain('RATE_LIMIT_INGEST');
  });
});
