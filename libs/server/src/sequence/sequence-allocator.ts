/**
 * The one place that hands out a campaign's live-channel `seq` (contract: monotonically increasing
 * per campaign, no gaps, a client that sees a gap re-syncs). Kept in `campaigns.seq` so it survives
 * a Redis restart, and taken inside the caller's transaction: the change and the seq that announces
 * it commit together, and the campaign row stays locked from the bump to the commit.
 *
 * Callers take their seqs last in their transaction, for every campaign at once, so the hot row is
 * held for the shortest time and always locked in id order. Rows are locked `FOR NO KEY UPDATE`,
 * not `FOR UPDATE`: the foreign keys to campaigns (leads, counters) take KEY SHARE locks earlier in
 * the same transactions, and FOR UPDATE would wait on another writer's KEY SHARE while that writer
 * waits on ours.
 */
import { returnedRows } from '../database/data-source';

/** An EntityManager, a DataSource or a QueryRunner: anything that runs a query (in a transaction or not). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export class SequenceAllocator {
  /**
   * Takes `n` consecutive seqs for each campaign of `counts` (zero counts are skipped) and returns
   * the first seq of each campaign's block. Campaigns that do not exist get none.
   */
  async take(db: Queryable, tenantId: string, counts: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    const bumps = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!bumps.length) return new Map();
    const rows = returnedRows<{ id: string; seq: string }>(
      await db.query(
        `WITH locked AS (
           SELECT id FROM campaigns WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR NO KEY UPDATE
         )
         UPDATE campaigns c SET seq = c.seq + x.n
           FROM unnest($2::text[], $3::int[]) AS x(id, n), locked
          WHERE c.tenant_id = $1 AND c.id = x.id AND locked.id = x.id
         RETURNING c.id, c.seq`,
        [tenantId, bumps.map(([id]) => id), bumps.map(([, n]) => n)],
      ),
    );
    return new Map(rows.map((r) => [r.id, Number(r.seq) - counts.get(r.id)! + 1]));
  }

  /** The next `count` seqs of one campaign, in order (empty when count ≤ 0 or no such campaign). */
  async block(db: Queryable, tenantId: string, campaignId: string, count: number): Promise<number[]> {
    const first = (await this.take(db, tenantId, new Map([[campaignId, count]]))).get(campaignId);
    return first === undefined ? [] : Array.from({ length: count }, (_, i) => first + i);
  }

  /**
   * A hand-out function over blocks taken with `take`: each call gives the campaign's next seq.
   * Lets a caller number items of several campaigns in its own order after one `take`.
   */
  static dealer(firsts: ReadonlyMap<string, number>): (campaignId: string) => number {
    const next = new Map(firsts);
    return (campaignId) => {
      const seq = next.get(campaignId);
      if (seq === undefined) throw new Error(`no seq taken for campaign ${campaignId}`);
      next.set(campaignId, seq + 1);
      return seq;
    };
  }
}

/** The allocator shared by callers outside dependency injection (API services, helpers). */
export const campaignSequence = new SequenceAllocator();
