/**
 * Alerts as the REST API and the live channel carry them (contract.md, "Read API" and "Live channel").
 * The rule and severity names are declared here, once: libs/domain's alert rules use these lists.
 *
 * Lifecycle: `raised` → `acknowledged` (a user took it) → `resolved` (the rule was quiet on two
 * consecutive evaluations). A `dnc_violation` is one past call, not a condition that can stop
 * holding: it is never resolved automatically, and acknowledging it ends it — an acknowledged
 * dnc violation is no longer open. Every other acknowledged alert stays open until it resolves.
 */
import { z } from 'zod';
import { idSchema } from './events';
import { messageParamsSchema, timestampSchema } from './shapes';
import { targetSchema } from './priority';

export const ALERT_RULES = [
  'qualification_bottleneck',
  'speed_to_lead_breach',
  'prospects_waiting',
  'closer_overload',
  'drop_rate',
  'dnc_violation',
  'lost_lead_called',
  'hot_lead_waiting',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];


export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATES = ['raised', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const alertViewSchema = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    rule: z.enum(ALERT_RULES),
    severity: z.enum(ALERT_SEVERITIES),
    state: z.enum(ALERT_STATES),
    /** Plain English, naming the figure and the line, as they were when the alert was raised. */
    message: z.string(),
    /** For translation by the dashboard: `alerts.<rule>.<variant>` and its parameters. */
    messageKey: z.string(),
    params: messageParamsSchema,
    /** The figure and the line it crossed, when raised (rates as fractions, e.g. 0.03). */
    value: z.number().nullable(),
    threshold: z.number(),
    raisedAt: timestampSchema,
    acknowledgedAt: timestampSchema.nullable(),
    /** The e-mail of the user who acknowledged it. */
    acknowledgedBy: z.string().nullable(),
    resolvedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Alert' });
export type AlertView = z.output<typeof alertViewSchema>;

/** The live channel's `alert` message: sent when an alert is raised, acknowledged or resolved. */
export type AlertMessage = AlertView & { seq: number };

/** `open` = not ended: raised, or acknowledged and still holding (see the lifecycle above). */
export const ALERT_LIST_STATES = [...ALERT_STATES, 'open'] as const;
export type AlertListState = (typeof ALERT_LIST_STATES)[number];

export const alertListQuerySchema = z.object({
  state: z.enum(ALERT_LIST_STATES, { error: `must be one of ${ALERT_LIST_STATES.join(', ')}` }).optional(),
  campaignId: idSchema.optional(),
});
export type AlertListQuery = z.output<typeof alertListQuerySchema>;

const count = z.number({ error: 'must be an integer >= 0' }).int({ error: 'must be an integer >= 0' }).min(0, { error: 'must be an integer >= 0' });
const positive = z.number({ error: 'must be an integer >= 1' }).int({ error: 'must be an integer >= 1' }).min(1, { error: 'must be an integer >= 1' });
const fraction = z
  .number({ error: 'must be a fraction between 0 and 1 (0.03 is 3 %)' })
  .min(0, { error: 'must be a fraction between 0 and 1 (0.03 is 3 %)' })
  .max(1, { error: 'must be a fraction between 0 and 1 (0.03 is 3 %)' });
const factor = z.number({ error: 'must be a number >= 0' }).min(0, { error: 'must be a number >= 0' }).max(1000);

/**
 * Per-campaign overrides of the alert thresholds (the domain's AlertThresholds). A key set to `null`
 * goes back to the default. Rates are fractions, capped at 1 so that "3" meant as 3 % is refused
 * rather than silencing the rule.
 */
const alertThresholdFields = {
  qualificationMinContacts: count.nullable().optional(),
  qualificationFloor: fraction.nullable().optional(),
  qualificationTrailingFactor: factor.nullable().optional(),
  speedToLeadSlaSeconds: count.nullable().optional(),
  speedToLeadMaxWaiting: count.nullable().optional(),
  /** Seconds a prospect or opportunity may go without a senior owner, from when it became a prospect. */
  prospectHandoffSlaSeconds: count.nullable().optional(),
  /** Seconds a senior owner may leave a prospect or opportunity untouched. */
  prospectFollowUpSlaSeconds: count.nullable().optional(),
  /** Waiting prospects that fire `prospects_waiting`; at least 1 (0 would be a rule that always fires). */
  prospectsWaitingMin: positive.nullable().optional(),
  closerOpenProspectCap: count.nullable().optional(),
  dropRateMax: fraction.nullable().optional(),
  /** Points (as a fraction) the qualification rate must climb above its line before a raised alert resolves. */
  qualificationResolveMargin: fraction.nullable().optional(),
  /** Live-answered calls over 30 days needed before the drop rate is judged. */
  dropRateMinLiveAnswered: count.nullable().optional(),
  /** Points (as a fraction) under the cap the drop rate must fall before a raised alert resolves. */
  dropRateResolveMargin: fraction.nullable().optional(),
  /** Seconds a hot lead may wait for a call (speed-to-lead for hot leads) before `hot_lead_waiting` counts it. */
  hotLeadSlaSeconds: count.nullable().optional(),
};

/**
 * Per-campaign overrides of the alert thresholds (the domain's AlertThresholds). A key set to `null`
 * goes back to the default. Rates are fractions, capped at 1 so that "3" meant as 3 % is refused
 * rather than silencing the rule. `prospectWaitSlaSeconds`, the follow-up SLA's name before the
 * hand-off SLA existed, is still accepted for it (the public API renames nothing within v1).
 */
export const alertThresholdsPatchSchema = z
  .strictObject(
    {
      ...alertThresholdFields,
      /** Deprecated: the former name of `prospectFollowUpSlaSeconds`. */
      prospectWaitSlaSeconds: count.nullable().optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown threshold ${issue.keys.join(', ')}` : 'must be an object of thresholds') },
  )
  .transform(({ prospectWaitSlaSeconds, ...thresholds }) =>
    prospectWaitSlaSeconds === undefined || thresholds.prospectFollowUpSlaSeconds !== undefined
      ? thresholds
      : { ...thresholds, prospectFollowUpSlaSeconds: prospectWaitSlaSeconds },
  )
  .meta({ id: 'AlertThresholdsPatch' });
export type AlertThresholdsPatch = z.output<typeof alertThresholdsPatchSchema>;
export const ALERT_THRESHOLD_KEYS = Object.keys(alertThresholdFields) as (keyof AlertThresholdsPatch)[];
const ALERT_THRESHOLD_NAMES = ALERT_THRESHOLD_KEYS as [keyof AlertThresholdsPatch, ...(keyof AlertThresholdsPatch)[]];

/** `PATCH /api/v1/campaigns/{id}` (managers and admins): every field optional. */
export const campaignSettingsPatchSchema = z.object({
  name: z.string({ error: 'must be a string of 1 to 200 characters' }).trim().min(1, { error: 'must be a string of 1 to 200 characters' }).max(200).optional(),
  timeZone: z
    .string({ error: 'must be an IANA time zone, e.g. Europe/Rome' })
    .refine((tz) => isTimeZone(tz), { error: 'must be an IANA time zone, e.g. Europe/Rome' })
    .optional(),
  maxAttempts: z.number({ error: 'must be an integer from 1 to 100' }).int({ error: 'must be an integer from 1 to 100' }).min(1).max(100).optional(),
  qualificationThreshold: z.number({ error: 'must be an integer from 1 to 4' }).int({ error: 'must be an integer from 1 to 4' }).min(1).max(4).optional(),
  /** Days after a lead said NOT_INTERESTED during which a call to it raises `lost_lead_called`. */
  coolingOffDays: z.number({ error: 'must be an integer from 0 to 3650' }).int({ error: 'must be an integer from 0 to 3650' }).min(0).max(3650).optional(),
  /** Merged into the stored overrides; `null` drops them all (back to the defaults). */
  alertThresholds: alertThresholdsPatchSchema.nullable().optional(),
  /** The campaign's target (rules with weights adding up to at most 40); `[]` removes it (20 points for everyone). */
  target: targetSchema.optional(),
  /** Priority from which an open lead is hot (default 70). */
  hotThreshold: z.number({ error: 'must be an integer from 1 to 100' }).int({ error: 'must be an integer from 1 to 100' }).min(1).max(100).optional(),
}).meta({ id: 'CampaignSettingsPatch' });
export type CampaignSettingsPatch = z.output<typeof campaignSettingsPatchSchema>;

export const campaignSettingsSchema = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    timeZone: z.string(),
    maxAttempts: z.number().int(),
    qualificationThreshold: z.number().int(),
    /** Days after a NOT_INTERESTED during which calling the lead again raises `lost_lead_called` (default 30). */
    coolingOffDays: z.number().int(),
    /** The campaign's overrides only; thresholds not listed take the defaults. */
    alertThresholds: z.partialRecord(z.enum(ALERT_THRESHOLD_NAMES), z.number()),
    target: targetSchema,
    hotThreshold: z.number().int(),
  })
  .meta({ id: 'CampaignSettings' });
export type CampaignSettings = z.output<typeof campaignSettingsSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
