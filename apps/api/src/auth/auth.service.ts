/**
 * Turns a bearer token into a Principal — a JWT for users, an opaque key for ingest and wall screens —
 * checking it against PostgreSQL on every call (through PrincipalCache): a disabled user, a session
 * ended by an administrator, a role change, a revoked or expired key take effect on the next request.
 * And logs users in: the same work whether the e-mail exists or not, failures throttled and audited.
 *
 * Behind the tenant walls (docs/SECURITY.md) a credential is resolved before any tenant is known: the
 * tenant comes from a narrow lookup (`TenantDatabase.tenantOfLogin` / `tenantOfKey`) or from the
 * signed token itself (`tid`), and the full row is then read inside that tenant's scope — a token
 * naming another tenant than its user's finds no user.
 */
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginRequest, LoginResponse } from '@leadboard/contracts';
import {
  APP_CONFIG,
  INGEST_KEY_PREFIX,
  SecurityAuditLog,
  TenantDatabase,
  WALL_TOKEN_PREFIX,
  hashKey,
  hashPassword,
  isTenantId,
  keyForKid,
  needsRehash,
  requireJwtKeys,
  runInTenantScope,
  verifyPasswordOrDummy,
  type AppConfig,
  type JwtKeys,
} from '@leadboard/server';
import { DataSource } from 'typeorm';
import { LoginThrottle } from '../rate-limits/login-throttle';
import { PrincipalCache, type CachedKey, type CachedUser } from './principal-cache';
import type { Principal } from './principal';

/** What a user's token carries: who, which tenant, and the session version it was issued under. */
interface UserClaims {
  sub: string;
  tid: string;
  ver: number;
}

export type Refusal = 'missing' | 'unknown_key' | 'revoked' | 'expired' | 'invalid_token' | 'unknown_user' | 'disabled' | 'session_ended';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: Refusal };

/** Too many failed logins for this address or e-mail: retry after `retryAfterSeconds`. */
export class LoginThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed logins: retry in ${retryAfterSeconds} s`);
  }
}

const WRONG_CREDENTIALS = 'wrong e-mail or password';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** No tenant has this id: an unknown e-mail's row is looked for there, so a login does the same reads either way. */
const NO_TENANT = '00000000-0000-0000-0000-000000000000';

interface LoginAccount {
  id: string;
  tenant_id: string;
  role: LoginResponse['role'];
  password_hash: string;
  disabled_at: Date | null;
  session_version: number;
}

@Injectable()
export class AuthService {
  private readonly keys: JwtKeys;

  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
    private readonly cache: PrincipalCache,
    private readonly throttle: LoginThrottle,
    private readonly audit: SecurityAuditLog,
    private readonly tenants: TenantDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.keys = requireJwtKeys(config);
  }

  async login(req: LoginRequest, ip: string): Promise<LoginResponse> {
    const email = req.email.trim().toLowerCase();
    const [wait, user] = await Promise.all([this.throttle.retryAfterSeconds(ip, email), this.loginAccount(email)]);
    if (wait > 0) {
      // Shown to the tenant's admins when the e-mail is one of their users'.
      this.audit.record({
        tenantId: user?.tenant_id ?? null,
        event: 'login.throttled',
        actor: { kind: 'anonymous', id: null },
        target: user ? { kind: 'user', id: user.id } : null,
        ip,
        status: 429,
        route: '/api/v1/auth/login',
      });
      throw new LoginThrottledError(wait);
    }
    // Unknown e-mail: a dummy hash of the same cost is verified, so the answer takes as long.
    const passwordOk = await verifyPasswordOrDummy(req.password, user?.password_hash ?? null);
    if (!user || !passwordOk || user.disabled_at) {
      await this.throttle.recordFailure(ip, email);
      // The e-mail typed is not kept (it may be a password typed in the wrong field): a known account is named by id.
      this.audit.record({
        tenantId: user?.tenant_id ?? null,
        event: 'login.failed',
        actor: { kind: 'anonymous', id: null },
        target: user ? { kind: 'user', id: user.id } : null,
        ip,
        status: 401,
        route: '/api/v1/auth/login',
        detail: { reason: !user ? 'unknown_account' : user.disabled_at ? 'disabled' : 'wrong_password' },
      });
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email);
    if (needsRehash(user.password_hash)) {
      // The cost was raised since this hash was made: store one at today's cost while the password is at hand.
      const rehashed = await hashPassword(req.password);
      await runInTenantScope(user.tenant_id, () =>
        this.ds.query(`UPDATE users SET password_hash = $2 WHERE tenant_id = $4 AND id = $1 AND password_hash = $3`, [user.id, rehashed, user.password_hash, user.tenant_id]),
      );
    }
    this.audit.record({ tenantId: user.tenant_id, event: 'login.succeeded', actor: { kind: 'user', id: user.id }, ip, status: 200, route: '/api/v1/auth/login' });
    const claims: UserClaims = { sub: user.id, tid: user.tenant_id, ver: user.session_version };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.keys.current.secret,
      algorithm: 'HS256',
      keyid: this.keys.current.kid,
      expiresIn: this.config.jwtTtlSeconds,
    });
    return {
      accessToken,
      expiresAt: new Date(Date.now() + this.config.jwtTtlSeconds * 1000).toISOString(),
      role: user.role,
      tenantId: user.tenant_id,
    };
  }

  /** The account of a login e-mail: its tenant by the narrow lookup, then its row in that tenant's scope. */
  private async loginAccount(email: string): Promise<LoginAccount | undefined> {
    const tenantId = (await this.tenants.tenantOfLogin(email)) ?? NO_TENANT;
    const [user] = (await runInTenantScope(tenantId, () =>
      this.ds.query(`SELECT id, tenant_id, role, password_hash, disabled_at, session_version FROM users WHERE tenant_id = $1 AND email = $2`, [tenantId, email]),
    )) as LoginAccount[];
    return user;
  }

  /** Resolves a token; null when it is missing, unknown, revoked, expired or its user may no longer use it. */
  async authenticate(token: string | undefined | null): Promise<Principal | null> {
    const r = await this.check(token);
    return r.ok ? r.principal : null;
  }

  /** Like authenticate, with the reason of a refusal (for the security audit). */
  async check(token: string | undefined | null): Promise<AuthResult> {
    if (!token) return { ok: false, reason: 'missing' };
    if (token.startsWith(INGEST_KEY_PREFIX) || token.startsWith(WALL_TOKEN_PREFIX)) return this.fromKey(token);
    return this.fromJwt(token);
  }

  private async fromJwt(token: string): Promise<AuthResult> {
    const decoded = this.jwt.decode<{ header?: { kid?: unknown } } | null>(token, { complete: true });
    // Only a secret of ours, named by the token's kid, and only HS256: any other string or algorithm is refused.
    const key = keyForKid(this.keys, decoded?.header?.kid);
    if (!key) return { ok: false, reason: 'invalid_token' };
    let claims: UserClaims;
    try {
      claims = await this.jwt.verifyAsync<UserClaims & object>(token, { secret: key.secret, algorithms: ['HS256'] });
    } catch (err) {
      return { ok: false, reason: (err as Error).name === 'TokenExpiredError' ? 'expired' : 'invalid_token' };
    }
    if (typeof claims.sub !== 'string' || !isTenantId(claims.tid) || typeof claims.ver !== 'number') return { ok: false, reason: 'invalid_token' };
    const user = await this.user(claims.sub, claims.tid);
    if (!user || user.tenantId !== claims.tid) return { ok: false, reason: 'unknown_user' };
    if (user.disabled) return { ok: false, reason: 'disabled' };
    if (user.sessionVersion !== claims.ver) return { ok: false, reason: 'session_ended' };
    return { ok: true, principal: { kind: 'user', tenantId: user.tenantId, userId: user.id, role: user.role, email: user.email } };
  }

  private async fromKey(token: string): Promise<AuthResult> {
    const hash = hashKey(token);
    let key = this.cache.key(hash);
    if (key === undefined) {
      const tenantId = await this.tenants.tenantOfKey(hash);
      const [row] = tenantId
        ? ((await runInTenantScope(tenantId, () =>
            this.ds.query(`SELECT id, tenant_id, kind, campaign_ids, revoked_at, expires_at FROM access_keys WHERE tenant_id = $1 AND key_hash = $2`, [tenantId, hash]),
          )) as { id: string; tenant_id: string; kind: 'ingest' | 'wall'; campaign_ids: string[] | null; revoked_at: Date | null; expires_at: Date | null }[])
        : [];
      key = row
        ? {
            id: row.id,
            tenantId: row.tenant_id,
            kind: row.kind,
            campaignIds: row.campaign_ids,
            revoked: row.revoked_at !== null,
            expiresAtMs: row.expires_at ? new Date(row.expires_at).getTime() : null,
          }
        : null;
      this.cache.rememberKey(hash, key);
    }
    return keyPrincipal(key);
  }

  /** The user in the tenant its token names (read in that tenant's scope: a user of another tenant is not found). */
  private async user(id: string, tenantId: string): Promise<CachedUser | null> {
    const cached = this.cache.user(id);
    if (cached !== undefined) return cached;
    if (!UUID.test(id)) return null;
    const [row] = (await runInTenantScope(tenantId, () =>
      this.ds.query(`SELECT id, tenant_id, email, role, disabled_at, session_version FROM users WHERE tenant_id = $1 AND id = $2`, [tenantId, id]),
    )) as { id: string; tenant_id: string; email: string; role: CachedUser['role']; disabled_at: Date | null; session_version: number }[];
    const user = row
      ? { id: row.id, tenantId: row.tenant_id, email: row.email, role: row.role, disabled: row.disabled_at !== null, sessionVersion: row.session_version }
      : null;
    this.cache.rememberUser(id, user);
    return user;
  }
}

function keyPrincipal(key: CachedKey | null, now = Date.now()): AuthResult {
  if (!key) return { ok: false, reason: 'unknown_key' };
  if (key.revoked) return { ok: false, reason: 'revoked' };
  if (key.expiresAtMs !== null && key.expiresAtMs <= now) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    principal: key.kind === 'ingest' ? { kind: 'ingest', tenantId: key.tenantId, keyId: key.id } : { kind: 'wall', tenantId: key.tenantId, keyId: key.id, campaignIds: key.campaignIds },
  };
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
  return m ? m[1] : null;
}
