/**
 * Users and keys for administrators, shared by the API (admins) and the operator CLI: list, create,
 * change a role, disable / enable, end sessions, give a key an expiry, revoke. Each change commits
 * with its security audit row, then is announced (AccessChange) so every API process drops its
 * cached copy and re-checks the sockets using it at once.
 */
import { randomUUID } from 'node:crypto';
import type { AccessKeyState, AccessKeyView, KeyCreate, KeyCreated, KeyPatch, Role, SecurityActorKind, UserAccount, UserCreate, UserCreated, UserPatch } from '@leadboard/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../database/data-source';
import { INGEST_KEY_PREFIX, WALL_TOKEN_PREFIX, generatePassword, hashKey, hashPassword, newOpaqueKey } from '../auth/secrets';
import { insertSecurityEvents, type SecurityDetail } from '../security/security-audit';
import type { AccessChange } from './access-changes';

/** Who makes the change: an administrator through the API, or the operator CLI. */
export interface AdminActor {
  kind: Extract<SecurityActorKind, 'user' | 'cli'>;
  id: string | null;
  ip?: string | null;
}

export type AccessErrorCode = 'not_found' | 'email_taken' | 'own_account' | 'revoked';

export class AccessError extends Error {
  constructor(
    readonly code: AccessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface UserRow {
  id: string;
  email: string;
  role: Role;
  disabled_at: Date | null;
  created_at: Date;
}

interface KeyRow {
  id: string;
  kind: 'ingest' | 'wall';
  label: string | null;
  campaign_ids: string[] | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toAccount(r: UserRow): UserAccount {
  return { userId: r.id, email: r.email, role: r.role, disabled: r.disabled_at !== null, disabledAt: iso(r.disabled_at), createdAt: iso(r.created_at)! };
}

export function keyState(k: { revoked_at: Date | null; expires_at: Date | null }, now = new Date()): AccessKeyState {
  if (k.revoked_at) return 'revoked';
  if (k.expires_at && new Date(k.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

function toKeyView(r: KeyRow): AccessKeyView {
  return {
    keyId: r.id,
    kind: r.kind,
    label: r.label,
    campaignIds: r.campaign_ids,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at),
    revokedAt: iso(r.revoked_at),
    state: keyState(r),
  };
}

const USER_COLUMNS = 'id, email, role, disabled_at, created_at';
const KEY_COLUMNS = 'id, kind, label, campaign_ids, created_at, expires_at, revoked_at';

export class AccountAdmin {
  constructor(
    private readonly ds: DataSource,
    /** Publishes a change to the API processes; a failure is reported, never undoes the change. */
    private readonly announce: (change: AccessChange) => Promise<void>,
  ) {}

  async listUsers(tenantId: string): Promise<UserAccount[]> {
    const rows = (await this.ds.query(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = $1 ORDER BY email`, [tenantId])) as UserRow[];
    return rows.map(toAccount);
  }

  async findUserByEmail(tenantId: string, email: string): Promise<UserAccount | null> {
    const [row] = (await this.ds.query(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = $1 AND email = $2`, [tenantId, email.trim().toLowerCase()])) as UserRow[];
    return row ? toAccount(row) : null;
  }

  async createUser(tenantId: string, input: UserCreate, actor: AdminActor): Promise<UserCreated> {
    const email = input.email.trim().toLowerCase();
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const id = randomUUID();
    const row = await this.ds.transaction(async (m) => {
      // E-mails are unique across tenants, which this tenant's scope cannot see: the narrow lookup answers yes or no.
      const [{ taken }] = (await m.query(`SELECT leadboard_email_taken($1) AS taken`, [email])) as { taken: boolean }[];
      if (taken) throw new AccessError('email_taken', `the e-mail ${email} is already used by an account`);
      const [created] = (await m.query(
        `INSERT INTO users (id, tenant_id, email, password_hash, role) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
        [id, tenantId, email, passwordHash, input.role],
      )) as UserRow[];
      await this.audit(m, tenantId, actor, 'user.created', { kind: 'user', id }, { role: input.role });
      return created;
    });
    return { ...toAccount(row), password };
  }

  /** A new role or disabled/enabled; either ends the user's sessions (tokens and sockets) at once. */
  async updateUser(tenantId: string, userId: string, patch: UserPatch, actor: AdminActor): Promise<UserAccount> {
    if (actor.kind === 'user' && actor.id === userId) {
      throw new AccessError('own_account', 'administrators cannot change or disable their own account (ask another administrator)');
    }
    const row = await this.ds.transaction(async (m) => {
      const before = await this.lockUser(m, tenantId, userId);
      const disabling = patch.disabled === true && before.disabled_at === null;
      const enabling = patch.disabled === false && before.disabled_at !== null;
      const newRole = patch.role !== undefined && patch.role !== before.role ? patch.role : null;
      if (!disabling && !enabling && newRole === null) return before;
      const [after] = returnedRows<UserRow>(await m.query(
        `UPDATE users SET role = coalesce($3, role),
                disabled_at = CASE WHEN $4::boolean THEN now() WHEN $5::boolean THEN NULL ELSE disabled_at END,
                session_version = session_version + 1
          WHERE tenant_id = $1 AND id = $2 RETURNING ${USER_COLUMNS}`,
        [tenantId, userId, newRole, disabling, enabling],
      ));
      if (disabling) await this.audit(m, tenantId, actor, 'user.disabled', { kind: 'user', id: userId });
      if (enabling) await this.audit(m, tenantId, actor, 'user.enabled', { kind: 'user', id: userId });
      if (newRole) await this.audit(m, tenantId, actor, 'user.role_changed', { kind: 'user', id: userId }, { from: before.role, to: newRole });
      return after;
    });
    await this.announce({ kind: 'user', userId });
    return toAccount(row);
  }

  /** Every token the user holds stops working, and their live sockets are closed; they may log in again. */
  async endSessions(tenantId: string, userId: string, actor: AdminActor): Promise<UserAccount> {
    const row = await this.ds.transaction(async (m) => {
      await this.lockUser(m, tenantId, userId);
      const [after] = returnedRows<UserRow>(await m.query(
        `UPDATE users SET session_version = session_version + 1 WHERE tenant_id = $1 AND id = $2 RETURNING ${USER_COLUMNS}`,
        [tenantId, userId],
      ));
      await this.audit(m, tenantId, actor, 'user.sessions_revoked', { kind: 'user', id: userId });
      return after;
    });
    await this.announce({ kind: 'user', userId });
    return toAccount(row);
  }

  async listKeys(tenantId: string): Promise<AccessKeyView[]> {
    const rows = (await this.ds.query(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId])) as KeyRow[];
    return rows.map(toKeyView);
  }

  async createKey(tenantId: string, input: KeyCreate, actor: AdminActor): Promise<KeyCreated> {
    const key = newOpaqueKey(input.kind === 'ingest' ? INGEST_KEY_PREFIX : WALL_TOKEN_PREFIX);
    const id = randomUUID();
    const row = await this.ds.transaction(async (m) => {
      const [created] = (await m.query(
        `INSERT INTO access_keys (id, tenant_id, kind, key_hash, label, campaign_ids, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${KEY_COLUMNS}`,
        [id, tenantId, input.kind, hashKey(key), input.label ?? null, input.kind === 'wall' ? (input.campaignIds ?? null) : null, input.expiresAt ?? null],
      )) as KeyRow[];
      await this.audit(m, tenantId, actor, 'key.created', { kind: input.kind, id }, { expiresAt: input.expiresAt ?? null });
      return created;
    });
    return { ...toKeyView(row), key };
  }

  async updateKey(tenantId: string, keyId: string, patch: KeyPatch, actor: AdminActor): Promise<AccessKeyView> {
    const row = await this.ds.transaction(async (m) => {
      const before = await this.lockKey(m, tenantId, keyId);
      if (before.revoked_at) throw new AccessError('revoked', `key ${keyId} is revoked; create a new one`);
      const [after] = returnedRows<KeyRow>(await m.query(
        `UPDATE access_keys SET label = CASE WHEN $3::boolean THEN $4 ELSE label END,
                expires_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE expires_at END
          WHERE tenant_id = $1 AND id = $2 RETURNING ${KEY_COLUMNS}`,
        [tenantId, keyId, patch.label !== undefined, patch.label ?? null, patch.expiresAt !== undefined, patch.expiresAt ?? null],
      ));
      const detail: SecurityDetail = {};
      if (patch.expiresAt !== undefined) detail.expiresAt = patch.expiresAt;
      if (patch.label !== undefined) detail.label = true;
      await this.audit(m, tenantId, actor, 'key.updated', { kind: before.kind, id: keyId }, detail);
      return after;
    });
    await this.announce({ kind: 'key', keyId });
    return toKeyView(row);
  }

  /** Revoking twice answers the key as it is. */
  async revokeKey(tenantId: string, keyId: string, actor: AdminActor): Promise<AccessKeyView> {
    const { row, changed } = await this.ds.transaction(async (m) => {
      const before = await this.lockKey(m, tenantId, keyId);
      if (before.revoked_at) return { row: before, changed: false };
      const [after] = returnedRows<KeyRow>(await m.query(
        `UPDATE access_keys SET revoked_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${KEY_COLUMNS}`,
        [tenantId, keyId],
      ));
      await this.audit(m, tenantId, actor, 'key.revoked', { kind: before.kind, id: keyId });
      return { row: after, changed: true };
    });
    if (changed) await this.announce({ kind: 'key', keyId });
    return toKeyView(row);
  }

  private async lockUser(m: EntityManager, tenantId: string, userId: string): Promise<UserRow> {
    const [row] = UUID.test(userId)
      ? ((await m.query(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, userId])) as UserRow[])
      : [];
    if (!row) throw new AccessError('not_found', `user ${userId} not found`);
    return row;
  }

  private async lockKey(m: EntityManager, tenantId: string, keyId: string): Promise<KeyRow> {
    const [row] = UUID.test(keyId)
      ? ((await m.query(`SELECT ${KEY_COLUMNS} FROM access_keys WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, keyId])) as KeyRow[])
      : [];
    if (!row) throw new AccessError('not_found', `key ${keyId} not found`);
    return row;
  }

  private audit(
    m: EntityManager,
    tenantId: string,
    actor: AdminActor,
    event: 'user.created' | 'user.disabled' | 'user.enabled' | 'user.role_changed' | 'user.sessions_revoked' | 'key.created' | 'key.updated' | 'key.revoked',
    target: { kind: string; id: string },
    detail: SecurityDetail = {},
  ): Promise<void> {
    return insertSecurityEvents(m, [{ tenantId, event, actor: { kind: actor.kind, id: actor.id }, target, ip: actor.ip ?? null, detail }]);
  }
}
