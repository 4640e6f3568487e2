/**
 * Accounts and access for administrators: users (disable, enable, role, end their sessions), ingest
 * keys and wall-screen tokens (list, create, expiry, revoke), and the security audit trail.
 * A key or token is shown once, when created; lists never carry it (only a hash is stored).
 */
import { z } from 'zod';
import { ROLES, type Role } from './dispositions';
import { idSchema, instantSchema } from './events';

export const ACCESS_KEY_KINDS = ['ingest', 'wall'] as const;
export type AccessKeyKind = (typeof ACCESS_KEY_KINDS)[number];

const emailSchema = z.string({ error: 'must be an e-mail address' }).trim().toLowerCase().max(256).email({ error: 'must be an e-mail address' });
const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const labelSchema = z
  .string({ error: 'must be a string of 1 to 100 characters' })
  .trim()
  .min(1, { error: 'must be a string of 1 to 100 characters' })
  .max(100, { error: 'must be a string of 1 to 100 characters' });

export interface UserAccount {
  userId: string;
  email: string;
  role: Role;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
}

/** `POST /api/v1/admin/users`: the password is generated and shown once. */
export const userCreateSchema = z.object({ email: emailSchema, role: roleSchema });
export type UserCreate = z.output<typeof userCreateSchema>;
export interface UserCreated extends UserAccount {
  password: string;
}

/**
 * `PATCH /api/v1/admin/users/{id}`: a new role, or disabled / enabled. Either ends the user's open
 * sessions at once (tokens and sockets); an administrator cannot change or disable their own account.
 */
export const userPatchSchema = z
  .strictObject(
    { role: roleSchema.optional(), disabled: z.boolean({ error: 'must be true or false' }).optional() },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .refine((p) => p.role !== undefined || p.disabled !== undefined, { error: 'give role or disabled' });
export type UserPatch = z.output<typeof userPatchSchema>;

export type AccessKeyState = 'active' | 'expired' | 'revoked';

export interface AccessKeyView {
  keyId: string;
  kind: AccessKeyKind;
  label: string | null;
  /** Wall tokens limited to some campaigns; null = every campaign of the tenant. */
  campaignIds: string[] | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  state: AccessKeyState;
}

const futureInstant = instantSchema.refine((v) => Date.parse(v) > Date.now(), { error: 'must be in the future' });

/** `POST /api/v1/admin/keys`: the key is generated and shown once. */
export const keyCreateSchema = z
  .object({
    kind: z.enum(ACCESS_KEY_KINDS, { error: `must be one of ${ACCESS_KEY_KINDS.join(', ')}` }),
    label: labelSchema.optional(),
    campaignIds: z.array(idSchema, { error: 'must be an array of campaign ids' }).min(1).max(1000).nullish(),
    expiresAt: futureInstant.nullish(),
  })
  .refine((k) => k.kind === 'wall' || !k.campaignIds, { error: 'only wall-screen tokens are limited to campaigns', path: ['campaignIds'] });
export type KeyCreate = z.output<typeof keyCreateSchema>;
export interface KeyCreated extends AccessKeyView {
  key: string;
}

/** `PATCH /api/v1/admin/keys/{id}`: a new label or expiry (`null`: never expires). */
export const keyPatchSchema = z
  .strictObject(
    { label: labelSchema.optional(), expiresAt: futureInstant.nullable().optional() },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .refine((p) => p.label !== undefined || p.expiresAt !== undefined, { error: 'give label or expiresAt' });
export type KeyPatch = z.output<typeof keyPatchSchema>;

/**
 * What the security audit records. Refusals (`request.refused`: 401, 403, 429 on any route) are
 * coalesced: identical ones within a few seconds are one row with a `count`.
 */
export const SECURITY_EVENTS = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'request.refused',
  'socket.refused',
  'socket.disconnected',
  'user.created',
  'user.disabled',
  'user.enabled',
  'user.role_changed',
  'user.sessions_revoked',
  'key.created',
  'key.updated',
  'key.revoked',
  'lead.erased',
  'privacy.updated',
  'retention.erased',
] as const;
export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

export const SECURITY_ACTOR_KINDS = ['user', 'ingest', 'wall', 'cli', 'system', 'anonymous'] as const;
export type SecurityActorKind = (typeof SECURITY_ACTOR_KINDS)[number];

/** One row of `GET /api/v1/security-audit` (admins): never a password, token, key or e-mail typed at login. */
export interface SecurityAuditEntry {
  id: string;
  at: string;
  event: SecurityEvent;
  actor: { kind: SecurityActorKind; id: string | null };
  target: { kind: string; id: string } | null;
  ip: string | null;
  status: number | null;
  /** The route pattern (`/api/v1/leads/:id`), never the URL with its values. */
  route: string | null;
  /** How many identical events this row stands for (refusals are coalesced). */
  count: number;
  detail: Record<string, string | number | boolean | null>;
}

export const securityAuditQuerySchema = z.object({
  event: z.enum(SECURITY_EVENTS, { error: `must be one of ${SECURITY_EVENTS.join(', ')}` }).optional(),
  /** Rows older than this id (the previous page's last id). */
  before: z.string().regex(/^\d{1,19}$/, { error: 'must be an entry id' }).optional(),
  limit: z.coerce.number({ error: 'must be an integer from 1 to 500' }).int().min(1).max(500).optional(),
});
export type SecurityAuditQuery = z.output<typeof securityAuditQuerySchema>;
