import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `prospects_waiting` has two SLAs and a minimum (domain page, "Alerts"): `prospectHandoffSlaSeconds`
 * (no senior owner since the lead became a prospect), `prospectFollowUpSlaSeconds` (a senior owner who
 * has not touched it) and `prospectsWaitingMin`. The thresholds are JSON overrides on the campaign, so
 * the new keys need no column: the old `prospectWaitSlaSeconds` — "untouched for longer than", which the
 * follow-up SLA keeps — is renamed where a campaign set it. The reads the rule needs use existing
 * indexes (transitions_by_lead, audit_log_by_lead).
 */
export class ProspectHandoff1764835200000 implements MigrationInterface {
  name = 'ProspectHandoff1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE campaigns
         SET alert_thresholds = (alert_thresholds - 'prospectWaitSlaSeconds')
               || jsonb_build_object('prospectFollowUpSlaSeconds', alert_thresholds -> 'prospectWaitSlaSeconds')
       WHERE alert_thresholds ? 'prospectWaitSlaSeconds';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE campaigns
         SET alert_thresholds = nullif(
               (alert_thresholds - 'prospectFollowUpSlaSeconds' - 'prospectHandoffSlaSeconds' - 'prospectsWaitingMin')
                 || CASE WHEN alert_thresholds ? 'prospectFollowUpSlaSeconds'
                         THEN jsonb_build_object('prospectWaitSlaSeconds', alert_thresholds -> 'prospectFollowUpSlaSeconds')
                         ELSE '{}'::jsonb END,
               '{}'::jsonb)
       WHERE alert_thresholds ?| ARRAY['prospectFollowUpSlaSeconds', 'prospectHandoffSlaSeconds', 'prospectsWaitingMin'];
    `);
  }
}
