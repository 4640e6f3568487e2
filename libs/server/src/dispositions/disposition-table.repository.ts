/**
 * A tenant's disposition table and its unmapped codes in PostgreSQL. Works on a DataSource or on a
 * transaction's EntityManager, so the worker reads the table and counts unmapped codes inside the
 * batch's own transaction.
 */
import type { CanonicalDisposition, UnmappedDispositionRow } from '@leadboard/contracts';
import { DispositionTable, normalizeCode, type DispositionRule } from '@leadboard/domain';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../database/data-source';

type Queryable = Pick<EntityManager, 'query'>;

/** A code seen unmapped in one call. */
export interface UnmappedSighting {
  campaignId: string;
  code: string;
  at: string;
}

/** How many unmapped codes `GET /api/v1/dispositions` lists at most (most recently seen first). */
export const UNMAPPED_LISTED = 500;

export class DispositionTableRepository {
  constructor(private readonly db: Queryable) {}

  async load(tenantId: string): Promise<DispositionTable> {
    const rows = (await this.db.query(
      `SELECT campaign_id, code, disposition FROM disposition_mappings WHERE tenant_id = $1`,
      [tenantId],
    )) as { campaign_id: string; code: string; disposition: CanonicalDisposition }[];
    if (!rows.length) return DispositionTable.builtIn;
    return new DispositionTable(rows.map((r) => ({ code: r.code, disposition: r.disposition, campaignId: r.campaign_id || null })));
  }

  /** Stores (or replaces) rules; returns how many were written. */
  async upsert(tenantId: string, rules: readonly DispositionRule[]): Promise<number> {
    if (!rules.length) return 0;
    const rows = [...new Map(rules.map((r) => [`${r.campaignId ?? ''}\u0000${normalizeCode(r.code)}`, r])).values()]
      .map((r) => ({ campaign_id: r.campaignId ?? '', code: normalizeCode(r.code), disposition: r.disposition }))
      .sort((a, b) => (a.campaign_id + '\u0000' + a.code < b.campaign_id + '\u0000' + b.code ? -1 : 1));
    await this.db.query(
      `INSERT INTO disposition_mappings (tenant_id, campaign_id, code, disposition)
       SELECT $1, x.campaign_id, x.code, x.disposition
         FROM jsonb_to_recordset($2::jsonb) AS x(campaign_id text, code text, disposition text)
       ON CONFLICT (tenant_id, campaign_id, code) DO UPDATE SET disposition = EXCLUDED.disposition, updated_at = now()`,
      [tenantId, JSON.stringify(rows)],
    );
    return rows.length;
  }

  /** True when a row was there to remove. */
  async remove(tenantId: string, code: string, campaignId: string | null): Promise<boolean> {
    const removed = returnedRows<{ code: string }>(
      await this.db.query(`DELETE FROM disposition_mappings WHERE tenant_id = $1 AND campaign_id = $2 AND code = $3 RETURNING code`, [
        tenantId,
        campaignId ?? '',
        normalizeCode(code),
      ]),
    );
    return removed.length > 0;
  }

  /** Counts codes that became `OTHER`: one small upsert per batch, keys sorted so concurrent batches lock in one order. */
  async recordUnmapped(tenantId: string, sightings: readonly UnmappedSighting[]): Promise<void> {
    if (!sightings.length) return;
    const byKey = new Map<string, { campaign_id: string; code: string; n: number; last: number }>();
    for (const s of sightings) {
      const code = normalizeCode(s.code);
      const key = `${s.campaignId}\u0000${code}`;
      const at = Date.parse(s.at);
      const row = byKey.get(key) ?? { campaign_id: s.campaignId, code, n: 0, last: at };
      row.n++;
      row.last = Math.max(row.last, at);
      byKey.set(key, row);
    }
    const rows = [...byKey.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, r]) => ({ campaign_id: r.campaign_id, code: r.code, n: r.n, last: new Date(r.last).toISOString() }));
    await this.db.query(
      `INSERT INTO unmapped_dispositions (tenant_id, campaign_id, code, count, last_seen_at)
       SELECT $1, x.campaign_id, x.code, x.n, x.last
         FROM jsonb_to_recordset($2::jsonb) AS x(campaign_id text, code text, n int, last timestamptz)
       ON CONFLICT (tenant_id, campaign_id, code) DO UPDATE
         SET count = unmapped_dispositions.count + EXCLUDED.count,
             last_seen_at = greatest(unmapped_dispositions.last_seen_at, EXCLUDED.last_seen_at)`,
      [tenantId, JSON.stringify(rows)],
    );
  }

  /** Counts a campaign's unmapped codes again from its stored calls (after they were re-mapped). */
  async recountUnmapped(tenantId: string, campaignId: string): Promise<void> {
    await this.db.query(`DELETE FROM unmapped_dispositions WHERE tenant_id = $1 AND campaign_id = $2`, [tenantId, campaignId]);
    await this.db.query(
      `INSERT INTO unmapped_dispositions (tenant_id, campaign_id, code, count, last_seen_at)
       SELECT $1, $2, upper(btrim(raw_disposition)), count(*), max(occurred_at)
         FROM events
        WHERE tenant_id = $1 AND campaign_id = $2 AND type = 'call.outcome' AND disposition = 'OTHER'
        GROUP BY upper(btrim(raw_disposition))`,
      [tenantId, campaignId],
    );
  }

  /** The codes recorded unmapped that the current table still does not map, most recently seen first. */
  async listUnmapped(tenantId: string, table: DispositionTable, limit = UNMAPPED_LISTED): Promise<UnmappedDispositionRow[]> {
    const rows = (await this.db.query(
      `SELECT campaign_id, code, count, last_seen_at FROM unmapped_dispositions WHERE tenant_id = $1
        ORDER BY last_seen_at DESC, campaign_id, code`,
      [tenantId],
    )) as { campaign_id: string; code: string; count: string; last_seen_at: Date }[];
    return rows
      .filter((r) => !table.map(r.code, r.campaign_id).mapped)
      .slice(0, limit)
      .map((r) => ({ code: r.code, count: Number(r.count), lastSeenAt: new Date(r.last_seen_at).toISOString(), campaignId: r.campaign_id }));
  }
}

