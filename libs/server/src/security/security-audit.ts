/**
 * The security audit trail (`security_audit`): logins, refused requests and sockets, account and key
 * changes, erasures. Never a secret: no password, token, key, or e-mail typed at a failed login (it
 * may be a password typed in the wrong field) — accounts are named by id. Refusals come in floods
 * (a misconfigured dialer, a password sprayer), so `record` coalesces identical events for a second
 * into one row with a `count`, written off the request path; account changes use `recordNow` inside
 * their own transaction.
 */
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { SecurityActorKind, SecurityAuditEntry, SecurityAuditQuery, SecurityEvent } from '@leadboard/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { runInTenantScope } from '../tenants/tenant-scope';

type Db = DataSource | EntityManager;

export type SecurityDetail = Record<string, string | number | boolean | null>;

export interface SecurityEventInput {
  tenantId: string | null;
  event: SecurityEvent;
  actor: { kind: SecurityActorKind; id: string | null };
  target?: { kind: string; id: string } | null;
  ip?: string | null;
  status?: number | null;
  route?: string | null;
  detail?: SecurityDetail;
  count?: number;
  at?: Date;
}

export async function insertSecurityEvents(db: Db, entries: readonly SecurityEventInput[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({
    tenant_id: e.tenantId,
    at: (e.at ?? new Date()).toISOString(),
    event: e.event,
    actor_kind: e.actor.kind,
    actor_id: e.actor.id,
    target_kind: e.target?.kind ?? null,
    target_id: e.target?.id ?? null,
    ip: e.ip ?? null,
    status: e.status ?? null,
    route: e.route ?? null,
    count: e.count ?? 1,
    detail: e.detail ?? {},
  }));
  await db.query(
    `INSERT INTO security_audit (tenant_id, at, event, actor_kind, actor_id, target_kind, target_id, ip, status, route, count, detail)
     SELECT x.tenant_id, x.at, x.event, x.actor_kind, x.actor_id, x.target_kind, x.target_id, x.ip, x.status, x.route, x.count, x.detail
       FROM jsonb_to_recordset($1::jsonb) AS x(tenant_id uuid, at timestamptz, event text, actor_kind text, actor_id text,
            target_kind text, target_id text, ip text, status int, route text, count int, detail jsonb)`,
    [JSON.stringify(rows)],
  );
}

interface AuditRow {
  id: string;
  at: Date;
  event: SecurityEvent;
  actor_kind: SecurityActorKind;
  actor_id: string | null;
  target_kind: string | null;
  target_id: string | null;
  ip: string | null;
  status: number | null;
  route: string | null;
  count: number;
  detail: SecurityDetail;
}

/** A tenant's entries, newest first (refusals whose credentials named no tenant are kept, but shown to nobody here). */
export async function readSecurityAudit(db: Db, tenantId: string, q: SecurityAuditQuery): Promise<SecurityAuditEntry[]> {
  const rows = (await db.query(
    `SELECT id, at, event, actor_kind, actor_id, target_kind, target_id, ip, status, route, count, detail
       FROM security_audit
      WHERE tenant_id = $1 AND ($2::text IS NULL OR event = $2) AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4`,
    [tenantId, q.event ?? null, q.before ?? null, q.limit ?? 100],
  )) as AuditRow[];
  return rows.map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    event: r.event,
    actor: { kind: r.actor_kind, id: r.actor_id },
    target: r.target_kind && r.target_id ? { kind: r.target_kind, id: r.target_id } : null,
    ip: r.ip,
    status: r.status,
    route: r.route,
    count: r.count,
    detail: r.detail,
  }));
}

const FLUSH_INTERVAL_MS = 1000;
const MAX_PENDING = 1000;

@Injectable()
export class SecurityAuditLog implements OnModuleDestroy {
  private readonly logger = new Logger(SecurityAuditLog.name);
  private pending = new Map<string, SecurityEventInput & { count: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ds: DataSource) {}

  /** Best effort, off the request path; identical events within a second become one row with a count. */
  record(entry: SecurityEventInput): void {
    const { at: _at, count: _count, ...identity } = entry;
    const key = JSON.stringify(identity);
    const existing = this.pending.get(key);
    if (existing) existing.count += entry.count ?? 1;
    else this.pending.set(key, { ...entry, at: entry.at ?? new Date(), count: entry.count ?? 1 });
    if (this.pending.size >= MAX_PENDING) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Written now, in the caller's transaction when given one: an account change and its audit row commit together. */
  recordNow(entry: SecurityEventInput, db: Db = this.ds): Promise<void> {
    return insertSecurityEvents(db, [entry]);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.size) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    // Written off the request path, so in no request's scope: each tenant's rows in that tenant's scope;
    // a refusal that named no tenant is admitted in any scope by the `tenantless_refusals` policy.
    const byTenant = new Map<string | null, SecurityEventInput[]>();
    for (const e of batch) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    for (const [tenantId, rows] of byTenant) {
      try {
        await (tenantId === null ? insertSecurityEvents(this.ds, rows) : runInTenantScope(tenantId, () => insertSecurityEvents(this.ds, rows)));
      } catch (err) {
        this.logger.warn(`security audit: ${rows.length} row(s) not written: ${(err as Error).message}`);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
