/**
 * Accounts and access for administrators: users (disable, enable, role, end their sessions), ingest
 * keys and wall-screen tokens (list, create, expiry, revoke), and the security audit trail.
 * A key or token is shown once, when created; lists never carry it (only a hash is stored).
 */
import { z } from 'zod';
import { ROLES } from './dispositions';
import { idSchema, instantSchema } from './events';
import { countSchema, timestampSchema } from './shapes';
import { roleSchema as roleValueSchema } from './vocabulary-schemas';

export const ACCESS_KEY_KINDS = ['ingest', 'wall'] as const;
export type AccessKeyKind = (typeof ACCESS_KEY_KINDS)[number];

const emailSchema = z.string({ error: 'must be an e-mail address' }).trim().toLowerCase().max(256).email({ error: 'must be an e-mail address' });
const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const labelSchema = z
  .string({ error: 'must be a string of 1 to 100 characters' })
  .trim()
  .min(1, { error: 'must be a string of 1 to 100 characters' })
  .max(100, { error: 'must be a string of 1 to 100 characters' });

const userAccountShape = {
  userId: z.string(),
  email: z.string(),
  role: roleValueSchema,
  disabled: z.boolean(),
  disabledAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
};
/** A user of the tenant, as administrators see it (never a password or its hash). */
export const userAccountSchema = z.object(userAccountShape).meta({ id: 'UserAccount' });
export type UserAccount = z.output<typeof userAccountSchema>;

/** `POST /api/v1/admin/users`: the password is generated and shown once. */
export const userCreateSchema = z.object({ email: emailSchema, role: roleSchema }).meta({ id: 'UserCreate' });
export type UserCreate = z.output<typeof userCreateSchema>;
export const userCreatedSchema = z
  .object({
    ...userAccountShape,
    /** Generated; shown this once (only a hash is stored). */
    password: z.string(),
  })
  .meta({ id: 'UserCreated' });
export type UserCreated = z.output<typeof userCreatedSchema>;

/**
 * `PATCH /api/v1/admin/users/{id}`: a new role, or disabled / enabled. Either ends the user's open
 * sessions at once (tokens and sockets); an administrator cannot change or disable their own account.
 */
export const userPatchSchema = z
  .strictObject(
    { role: roleSchema.optional(), disabled: z.boolean({ error: 'must be true or false' }).optional() },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .refine((p) => p.role !== undefined || p.disabled !== undefined, { error: 'give role or disabled' })
  .meta({ id: 'UserPatch' });
export type UserPatch = z.output<typeof userPatchSchema>;

export const ACCESS_KEY_STATES = ['active', 'expired', 'revoked'] as const;
export type AccessKeyState = (typeof ACCESS_KEY_STATES)[number];

const accessKeyShape = {
  keyId: z.string(),
  kind: z.enum(ACCESS_KEY_KINDS),
  label: z.string().nullable(),
  /** Wall tokens limited to some campaigns; null = every campaign of the tenant. */
  campaignIds: z.array(z.string()).nullable(),
  createdAt: timestampSchema,
  expiresAt: timestampSchema.nullable(),
  revokedAt: timestampSchema.nullable(),
  state: z.enum(ACCESS_KEY_STATES),
};
/** An ingest key or wall-screen token, without the key itself (only its hash is stored). */
export const accessKeyViewSchema = z.object(accessKeyShape).meta({ id: 'AccessKey' });
export type AccessKeyView = z.output<typeof accessKeyViewSchema>;

const futureInstant = instantSchema.refine((v) => Date.parse(v) > Date.now(), { error: 'must be in the future' });

/** `POST /api/v1/admin/keys`: the key is generated and shown once. */
export const keyCreateSchema = z
  .object({
    kind: z.enum(ACCESS_KEY_KINDS, { error: `must be one of ${ACCESS_KEY_KINDS.join(', ')}` }),
    label: labelSchema.optional(),
    campaignIds: z.array(idSchema, { error: 'must be an array of campaign ids' }).min(1).max(1000).nullish(),
    expiresAt: futureInstant.nullish(),
  })
  .refine((k) => k.kind === 'wall' || !k.campaignIds, { error: 'only wall-screen tokens are limited to campaigns', path: ['campaignIds'] })
  .meta({ id: 'KeyCreate' });
export type KeyCreate = z.output<typeof keyCreateSchema>;
export const keyCreatedSchema = z
  .object({
    ...accessKeyShape,
    /** `lbk_…` or `lbw_…`: shown this once. */
    key: z.string(),
  })
  .meta({ id: 'KeyCreated' });
export type KeyCreated = z.output<typeof keyCreatedSchema>;

/** `PATCH /api/v1/admin/keys/{id}`: a new label or expiry (`null`: never expires). */
export const keyPatchSchema = z
  .strictObject(
    { label: labelSchema.optional(), expiresAt: futureInstant.nullable().optional() },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .refine((p) => p.label !== undefined || p.expiresAt !== undefined, { error: 'give label or expiresAt' })
  .meta({ id: 'KeyPatch' });
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
export const securityAuditEntrySchema = z
  .object({
    /** Pass the last one as `before` for the next page. */
    id: z.string(),
    at: timestampSchema,
    event: z.enum(SECURITY_EVENTS),
    actor: z.object({ kind: z.enum(SECURITY_ACTOR_KINDS), id: z.string().nullable() }),
    target: z.object({ kind: z.string(), id: z.string() }).nullable(),
    ip: z.string().nullable(),
    status: z.number().int().nullable(),
    /** The route pattern (`/api/v1/leads/:id`), never the URL with its values. */
    route: z.string().nullable(),
    /** How many identical events this row stands for (refusals are coalesced). */
    count: countSchema,
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .meta({ id: 'SecurityAuditEntry' });
export type SecurityAuditEntry = z.output<typeof securityAuditEntrySchema>;

export const securityAuditQuerySchema = z.object({
  event: z
    .enum(SECURITY_EVENTS, { error: `must be one of ${SECURITY_EVENTS.join(', ')}` })
    .optional()
    .meta({ description: 'Only this kind of event.' }),
  /** Rows older than this id (the previous page's last id). */
  before: z
    .string()
    .regex(/^\d{1,19}$/, { error: 'must be an entry id' })
    .optional()
    .meta({ description: "Rows older than this id (the previous page's last id)." }),
  limit: z.coerce
    .number({ error: 'must be an integer from 1 to 500' })
    .int()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'Rows per page (100 unless given).' }),
});
export type SecurityAuditQuery = z.output<typeof securityAuditQuerySchema>;
