/** Turns a bearer token into a Principal: a JWT for users, an opaque key for ingest and wall screens. */
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginRequest, LoginResponse, Role } from '@leadboard/contracts';
import {
  APP_CONFIG,
  AccessKeyEntity,
  INGEST_KEY_PREFIX,
  UserEntity,
  WALL_TOKEN_PREFIX,
  hashKey,
  verifyPassword,
  type AppConfig,
} from '@leadboard/server';
import { DataSource, IsNull } from 'typeorm';
import type { Principal } from './principal';

interface UserClaims {
  sub: string;
  tid: string;
  role: Role;
  email: string;
}

const KEY_CACHE_MS = 30_000;

@Injectable()
export class AuthService {
  /** Keys are looked up on every ingest request; a short cache keeps that off the database. */
  private readonly keyCache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(req: LoginRequest): Promise<LoginResponse> {
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { email: req.email } });
    // Same answer for an unknown e-mail and a wrong password: no account probing.
    if (!user || !(await verifyPassword(req.password, user.passwordHash))) {
      throw new UnauthorizedException('wrong e-mail or password');
    }
    const claims: UserClaims = { sub: user.id, tid: user.tenantId, role: user.role, email: user.email };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtTtlSeconds });
    return {
      accessToken,
      expiresAt: new Date(Date.now() + this.config.jwtTtlSeconds * 1000).toISOString(),
      role: user.role,
      tenantId: user.tenantId,
    };
  }

  /** Resolves a token; null when it is missing, unknown, revoked or expired. */
  async authenticate(token: string | undefined | null): Promise<Principal | null> {
    if (!token) return null;
    if (token.startsWith(INGEST_KEY_PREFIX) || token.startsWith(WALL_TOKEN_PREFIX)) return this.fromKey(token);
    try {
      const c = await this.jwt.verifyAsync<UserClaims>(token);
      return { kind: 'user', tenantId: c.tid, userId: c.sub, role: c.role, email: c.email };
    } catch {
      return null;
    }
  }

  private async fromKey(token: string): Promise<Principal | null> {
    const hash = hashKey(token);
    const cached = this.keyCache.get(hash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const key = await this.ds.getRepository(AccessKeyEntity).findOne({ where: { keyHash: hash, revokedAt: IsNull() } });
    let principal: Principal | null = null;
    if (key?.kind === 'ingest') principal = { kind: 'ingest', tenantId: key.tenantId };
    if (key?.kind === 'wall') principal = { kind: 'wall', tenantId: key.tenantId, campaignIds: key.campaignIds };
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(hash, { principal, until: Date.now() + KEY_CACHE_MS });
    return principal;
  }
}

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^Bearer\s+(\S+)$/i.exec(value.trim()) : null;
  return m ? m[1] : null;
}
