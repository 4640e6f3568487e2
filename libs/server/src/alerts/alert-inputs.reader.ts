/**
 * The figures the alert rules judge (libs/domain `CampaignAlertInputs`), for one campaign at `now`.
 * Every query is bounded whatever the campaign's size: counter buckets (60 minute rows, at most
 * 30 × 24 hour rows), index range scans of the leads still `new` past the SLA and of the open
 * prospects (both counted with a LIMIT), and the tenant's senior operators.
 *
 * Prospects waiting follow libs/domain `prospectWaitReason`: the hand-off clock of an opportunity is
 * looked up in its own stage_transitions (transitions_by_lead), the reassignments to a senior owner in
 * its own audit_log rows (audit_log_by_lead), each only for the leads that need it.
 */
import type { AlertThresholds, CampaignAlertInputs } from '@leadboard/domain';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/**
 * Counts of leads are capped: past this many the rule fires anyway and the exact figure adds
 * nothing to the alert, while counting a bought list of 200,000 `new` leads every 30 s would cost.
 */
export const ALERT_LEAD_COUNT_CAP = 10_000;

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

interface FiguresRow {
  hour_contacts: string | null;
  hour_prospects: string | null;
  trailing_contacts: string | null;
  trailing_prospects: string | null;
  dropped_30d: string | null;
  contacts_30d: string | null;
  new_past_sla: string;
  prospects_waiting: string;
  hot_waiting: string;
  hot_oldest: Date | null;
}

const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

export class AlertInputsReader {
  constructor(private readonly db: Db) {}

  async read(tenantId: string, campaignId: string, now: Date, t: AlertThresholds): Promise<CampaignAlertInputs> {
    const figures = await this.figures(tenantId, campaignId, now, t);
    const seniors = await this.seniors(tenantId, campaignId);
    const trailingContacts = num(figures.trailing_contacts);
    return {
      lastHour: { contacts: num(figures.hour_contacts), prospects: num(figures.hour_prospects) },
      trailingProspectPerContacted: trailingContacts > 0 ? num(figures.trailing_prospects) / trailingContacts : null,
      newLeadsPastSla: num(figures.new_past_sla),
      prospectsWaiting: num(figures.prospects_waiting),
      seniors,
      drop30d: { dropped: num(figures.dropped_30d), liveAnswered: num(figures.contacts_30d) + num(figures.dropped_30d) },
      hotLeadsWaiting: {
        leads: num(figures.hot_waiting),
        oldestWaitSeconds: figures.hot_oldest ? Math.max(0, Math.floor((now.getTime() - new Date(figures.hot_oldest).getTime()) / 1000)) : null,
      },
    };
  }

  /**
   * One round trip. Buckets are `date_trunc` of the event time: the last hour is the minute buckets
   * that started after now − 1 h (the current, partial minute included); 7 and 30 days are hour buckets
   * from the hour that contains now − 7 d (resp. 30 d).
   */
  private async figures(tenantId: string, campaignId: string, now: Date, t: AlertThresholds): Promise<FiguresRow> {
    const at = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const [row] = (await this.db.query(
      `WITH minute AS (
         SELECT coalesce(sum(contacts), 0) AS contacts, coalesce(sum(into_prospect), 0) AS prospects
           FROM campaign_minute_stats
          WHERE tenant_id = $1 AND campaign_id = $2 AND bucket > $3::timestamptz
       ), hour AS (
         SELECT sum(contacts) FILTER (WHERE bucket >= date_trunc('hour', $4::timestamptz)) AS trailing_contacts,
                sum(into_prospect) FILTER (WHERE bucket >= date_trunc('hour', $4::timestamptz)) AS trailing_prospects,
                sum(dropped) AS dropped_30d,
                sum(contacts) AS contacts_30d
           FROM campaign_hour_stats
          WHERE tenant_id = $1 AND campaign_id = $2 AND bucket >= date_trunc('hour', $5::timestamptz)
       )
       SELECT minute.contacts AS hour_contacts, minute.prospects AS hour_prospects,
              hour.trailing_contacts, hour.trailing_prospects, hour.dropped_30d, hour.contacts_30d,
              (SELECT count(*) FROM (
                 SELECT 1 FROM leads
                  WHERE tenant_id = $1 AND campaign_id = $2 AND stage = 'new' AND stage_since < $6::timestamptz
                  LIMIT $9) s) AS new_past_sla,
              (SELECT count(*) FROM (
                 SELECT 1 FROM leads l
                   LEFT JOIN operators o ON o.tenant_id = l.tenant_id AND o.id = l.owner_operator_id
                  WHERE l.tenant_id = $1 AND l.campaign_id = $2 AND l.stage IN ('prospect', 'opportunity')
                    AND CASE WHEN o.seniority IS DISTINCT FROM 'senior'
                      -- No senior owner: waiting once it has been a prospect for longer than the hand-off SLA.
                      -- A prospect entered its stage when it became one (stages only move down to side stages);
                      -- an opportunity keeps the clock of its latest entry into prospect/opportunity.
                      THEN coalesce(
                             CASE WHEN l.stage = 'prospect' THEN l.stage_since
                                  ELSE (SELECT max(t.at) FROM stage_transitions t
                                         WHERE t.tenant_id = l.tenant_id AND t.lead_id = l.id
                                           AND t.to_stage IN ('prospect', 'opportunity')
                                           AND (t.from_stage IS NULL OR t.from_stage NOT IN ('prospect', 'opportunity'))) END,
                             l.stage_since, l.first_event_at, '-infinity') < $7::timestamptz
                      -- A senior owner: waiting once neither an event nor a reassignment to them touched it within the follow-up SLA.
                      ELSE coalesce(l.last_event_at, '-infinity') < $8::timestamptz
                       AND NOT EXISTS (SELECT 1 FROM audit_log a
                                        WHERE a.tenant_id = l.tenant_id AND a.lead_id = l.id AND a.action = 'reassigned'
                                          AND a.to_operator_id = l.owner_operator_id AND a.at >= $8::timestamptz) END
                  LIMIT $9) w) AS prospects_waiting,
              -- Hot leads not called within the hot-lead SLA: the partial index leads_hot holds only hot leads.
              (SELECT count(*) FROM (
                 SELECT 1 FROM leads WHERE tenant_id = $1 AND campaign_id = $2 AND hot AND waiting_since < $10::timestamptz
                  LIMIT $9) h) AS hot_waiting,
              (SELECT min(waiting_since) FROM leads
                WHERE tenant_id = $1 AND campaign_id = $2 AND hot AND waiting_since < $10::timestamptz) AS hot_oldest
         FROM minute, hour`,
      [
        tenantId,
        campaignId,
        at(HOUR_MS),
        at(7 * DAY_MS),
        at(30 * DAY_MS),
        at(t.speedToLeadSlaSeconds * 1000),
        at(t.prospectHandoffSlaSeconds * 1000),
        at(t.prospectFollowUpSlaSeconds * 1000),
        ALERT_LEAD_COUNT_CAP,
        at(t.hotLeadSlaSeconds * 1000),
      ],
    )) as FiguresRow[];
    return row;
  }

  /**
   * The campaign's closers: seniors who own open prospects or opportunities in it, or who work on it
   * now (their latest operator.state named it) and are not offline. A senior of the tenant who works
   * elsewhere, or has gone home, is not "a closer with room" for this campaign.
   */
  private async seniors(tenantId: string, campaignId: string): Promise<CampaignAlertInputs['seniors']> {
    const rows = (await this.db.query(
      `SELECT o.id, o.name, coalesce(sum(c.leads), 0) AS open
         FROM operators o
         LEFT JOIN operator_lead_counts c
           ON c.tenant_id = o.tenant_id AND c.operator_id = o.id AND c.campaign_id = $2 AND c.stage IN ('prospect', 'opportunity')
        WHERE o.tenant_id = $1 AND o.seniority = 'senior'
        GROUP BY o.id, o.name, o.campaign_id, o.state
       HAVING coalesce(sum(c.leads), 0) > 0 OR (o.campaign_id = $2 AND o.state <> 'offline')
        ORDER BY o.id`,
      [tenantId, campaignId],
    )) as { id: string; name: string | null; open: string }[];
    return rows.map((r) => ({ operatorId: r.id, name: r.name, openProspects: num(r.open) }));
  }
}
