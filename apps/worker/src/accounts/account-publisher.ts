/**
 * Pushes `account` messages after a batch committed: each change goes to the campaign of the lead
 * that moved the account, with that campaign's next `seq` (taken after the commit, as the coalesced
 * `metrics` pushes take theirs: one UPDATE for all the batch's campaigns). The campaign's `metrics`
 * push that follows carries the new account counts; a client that misses this message loses nothing.
 */
import { Logger } from '@nestjs/common';
import type { AccountMessage } from '@leadboard/contracts';
import { returnedRows, type AccountChange } from '@leadboard/server';
import type { DataSource } from 'typeorm';
import type { LivePublisher } from '../live/live-publisher';

export class AccountPublisher {
  private readonly logger = new Logger(AccountPublisher.name);

  constructor(
    private readonly ds: DataSource,
    private readonly live: LivePublisher,
  ) {}

  async publish(tenantId: string, changes: readonly AccountChange[]): Promise<void> {
    if (!changes.length) return;
    try {
      const counts = new Map<string, number>();
      for (const c of changes) counts.set(c.campaignId, (counts.get(c.campaignId) ?? 0) + 1);
      const bumps = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => ({ id, n }));
      const rows = returnedRows<{ id: string; seq: string }>(
        await this.ds.query(
          `UPDATE campaigns c SET seq = c.seq + x.n FROM jsonb_to_recordset($2::jsonb) AS x(id text, n int)
            WHERE c.tenant_id = $1 AND c.id = x.id RETURNING c.id, c.seq`,
          [tenantId, JSON.stringify(bumps)],
        ),
      );
      const next = new Map(rows.map((r) => [r.id, Number(r.seq) - counts.get(r.id)! + 1]));
      for (const c of changes) {
        const seq = next.get(c.campaignId);
        if (seq === undefined) continue;
        next.set(c.campaignId, seq + 1);
        const msg: AccountMessage = { campaignId: c.campaignId, seq, accountId: c.accountId, name: c.name, from: c.from, to: c.to, at: c.at, leadId: c.leadId };
        this.live.account(tenantId, msg);
      }
    } catch (err) {
      // Best effort, like every push: the figures are in the database and in the next snapshot.
      this.logger.warn(`account push failed: ${(err as Error).message}`);
    }
  }
}
