/**
 * The hot-lead queue (contract.md, "Priority, accounts, contribution, what-if"): a campaign's open leads,
 * hottest first — priority desc, then waiting longest, then id — read straight from the `leads_queue`
 * index with a LIMIT, whatever the campaign's size. Users get the leads' contact and company (account);
 * wall screens only initials and reason keys (the initials are computed here, so the name never leaves
 * the server for them).
 */
import { Injectable } from '@nestjs/common';
import {
  DEFAULT_HOT_THRESHOLD,
  QUEUE_CSV_COLUMNS,
  type PriorityReason,
  type QueueItem,
  type QueueResponse,
  type Stage,
} from '@leadboard/contracts';
import { DEFAULT_ALERT_THRESHOLDS, leadInitials, resolveThresholds } from '@leadboard/domain';
import { DataSource } from 'typeorm';
import { mayReadPersonalData, type Principal } from '../auth/principal';
import { ReadModelService } from '../read/read-model.service';

interface QueueRow {
  id: string;
  stage: Stage;
  priority: number;
  hot: boolean;
  priority_reasons: PriorityReason[];
  waiting_since: Date | null;
  owner_operator_id: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  account_id: string | null;
  account_name: string | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

@Injectable()
export class HotLeadQueueService {
  constructor(
    private readonly ds: DataSource,
    private readonly read: ReadModelService,
  ) {}

  async queue(p: Principal, campaignId: string, limit: number, now: Date = new Date()): Promise<QueueResponse> {
    await this.read.assertCampaign(p, campaignId);
    const [settings] = (await this.ds.query(`SELECT hot_threshold, alert_thresholds FROM campaigns WHERE tenant_id = $1 AND id = $2`, [p.tenantId, campaignId])) as {
      hot_threshold: number | null;
      alert_thresholds: Record<string, number> | null;
    }[];
    const [rows, [hot]] = await Promise.all([
      this.rows(p.tenantId, campaignId, limit),
      this.ds.query(
        `SELECT count(*) AS hot, min(waiting_since) AS oldest FROM leads WHERE tenant_id = $1 AND campaign_id = $2 AND hot`,
        [p.tenantId, campaignId],
      ) as Promise<{ hot: string; oldest: Date | null }[]>,
    ]);
    const personal = mayReadPersonalData(p);
    return {
      campaignId,
      hotThreshold: settings?.hot_threshold ?? DEFAULT_HOT_THRESHOLD,
      hotLeadSlaSeconds: settings ? resolveThresholds(settings.alert_thresholds).hotLeadSlaSeconds : DEFAULT_ALERT_THRESHOLDS.hotLeadSlaSeconds,
      hotCount: Number(hot.hot),
      oldestHotWaitingSince: iso(hot.oldest),
      asOf: now.toISOString(),
      items: rows.map((r) => {
        const item: QueueItem = {
          leadId: r.id,
          stage: r.stage,
          priority: r.priority,
          hot: r.hot,
          reasons: r.priority_reasons,
          waitingSince: iso(r.waiting_since),
          ownerOperatorId: r.owner_operator_id,
          initials: leadInitials(r.name),
        };
        if (personal) {
          item.contact = { name: r.name, phone: r.phone, email: r.email };
          item.account = r.account_id ? { accountId: r.account_id, name: r.account_name ?? r.account_id } : null;
        }
        return item;
      }),
    };
  }

  /** The queue as CSV in the order to call (users only: it holds names, phones and e-mails). */
  async csv(p: Principal, campaignId: string, limit: number): Promise<string> {
    await this.read.assertCampaign(p, campaignId);
    const rows = await this.rows(p.tenantId, campaignId, limit);
    const lines = [QUEUE_CSV_COLUMNS.join(',')];
    for (const r of rows) {
      lines.push(
        [r.id, r.name ?? '', r.phone ?? '', r.email ?? '', String(r.priority), r.hot ? 'yes' : 'no', reasonsText(r.priority_reasons), iso(r.waiting_since) ?? '', r.stage]
          .map(csvField)
          .join(','),
      );
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /**
   * The index order (leads_queue): `waiting_since` NULLS LAST as the index is built, so the scan needs no sort.
   * The company is a left join by primary key on the rows the limit keeps.
   */
  private async rows(tenantId: string, campaignId: string, limit: number): Promise<QueueRow[]> {
    return (await this.ds.query(
      `SELECT q.*, a.name AS account_name
         FROM (SELECT id, stage, priority, hot, priority_reasons, waiting_since, owner_operator_id, name, phone, email, account_id
                 FROM leads
                WHERE tenant_id = $1 AND campaign_id = $2 AND stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing')
                ORDER BY priority DESC, waiting_since, id
                LIMIT $3) q
         LEFT JOIN accounts a ON a.tenant_id = $1 AND a.id = q.account_id
        ORDER BY q.priority DESC, q.waiting_since, q.id`,
      [tenantId, campaignId, limit],
    )) as QueueRow[];
  }
}

/** Reasons for a dialer's list: language-neutral keys with their points, e.g. `immediateNeed+30 fresh+28`. */
export function reasonsText(reasons: readonly PriorityReason[]): string {
  return reasons
    .map((r) => {
      const key = r.key.replace(/^priority\./, '');
      return typeof r.params['points'] === 'number' ? `${key}+${r.params['points']}` : key;
    })
    .join(' ');
}

/**
 * RFC 4180 quoting. A cell a spreadsheet would run as a formula (=, @, or + / - not followed by a number:
 * a lead's name comes from a public form) is prefixed with ' ; phone numbers such as +39 333 1234567 stay as they are.
 */
export function csvField(value: string): string {
  const formula = /^[=@\t\r]/.test(value) || (/^[+\-]/.test(value) && !/^[+\-][\d\s().]*$/.test(value));
  const safe = formula ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
