/**
 * The VICIdial integration's settings API (contract.md, "Integrations: VICIdial"):
 * `GET/PUT /api/v1/integrations/vicidial`, and the names the dialer's URLs carry.
 */
import { z } from 'zod';
import type { OperatorState } from './dispositions';
import { idSchema } from './events';
import { VICIDIAL_KEY_PLACEHOLDER } from './sources-vocabulary';

/** True when the runtime knows this IANA time zone (works the same in Node and the browser). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string({ error: 'must be an IANA time zone name, e.g. Europe/Rome' })
  .trim()
  .min(1, { error: 'must be an IANA time zone name, e.g. Europe/Rome' })
  .max(64, { error: 'must be an IANA time zone name, e.g. Europe/Rome' })
  .refine(isKnownTimeZone, { error: 'is not a known IANA time zone name (e.g. Europe/Rome, America/New_York)' });

/**
 * `PUT /api/v1/integrations/vicidial`. `timeZone` is the dialer's local zone: the one VICIdial
 * writes `callback_datetime` and `SQLdate` in. `defaultCampaignId` is used when a URL arrives with
 * an empty `campaign` (`null` clears it).
 */
export const vicidialSettingsRequestSchema = z
  .object({
    timeZone: timeZoneSchema,
    defaultCampaignId: idSchema.nullish(),
  })
  .meta({ id: 'VicidialSettingsRequest' });
export type VicidialSettingsRequest = z.output<typeof vicidialSettingsRequestSchema>;
export type VicidialSettingsRequestInput = z.input<typeof vicidialSettingsRequestSchema>;

/** `GET` (and the answer of `PUT`): the settings and the URLs to paste into VICIdial. */
export const vicidialSettingsViewSchema = z
  .object({
    /** The dialer's IANA time zone (`UTC` until set). */
    timeZone: z.string(),
    /** The campaign of a URL whose `campaign` is empty; `null`: such calls are refused. */
    defaultCampaignId: z.string().nullable(),
    /** Campaign → "Dispo Call URL", every `--A--var--B--` placeholder included; `key=` holds a placeholder. */
    dispoUrl: z.string(),
    /** Campaign → "No Agent Call URL". */
    noAgentUrl: z.string(),
    /**
     * System Settings → "Agent Push URL": a `get2post.php?…&HTTPSURLTOPOST=<host>/…/agent-events?key=…&user=--A--user--B--…`
     * URL; VICIdial's get2post.php turns it into a form POST to Leadboard.
     */
    agentEventsUrl: z.string(),
  })
  .meta({
    id: 'VicidialSettings',
    description: `The URLs carry \`key=${VICIDIAL_KEY_PLACEHOLDER}\`: replace it with the ingest key VICIdial is to use.`,
  });
export type VicidialSettingsView = z.output<typeof vicidialSettingsViewSchema>;

/** The lead's details both call URLs carry (they fill what the lead misses; see docs/integrations/vicidial.md). */
const VICIDIAL_LEAD_PARAMS = [
  'vendor_lead_code',
  'list_id',
  'phone_number',
  'first_name',
  'last_name',
  'email',
] as const;

/** Parameters of the Dispo Call URL, as VICIdial names them (all but `pass`/`phone_pass`, which are never read). */
export const VICIDIAL_DISPO_PARAMS = [
  'lead_id',
  'campaign',
  'dispo',
  'user',
  'talk_time',
  'uniqueid',
  'agent_log_id',
  'call_id',
  'epoch',
  'callback_datetime',
  'callback_lead_status',
  'term_reason',
  'called_count',
  ...VICIDIAL_LEAD_PARAMS,
  'call_notes',
] as const;
export type VicidialDispoParam = (typeof VICIDIAL_DISPO_PARAMS)[number];

/** Parameters of the No Agent Call URL (`status` and `dispo` both name the status). */
export const VICIDIAL_NO_AGENT_PARAMS = [
  'lead_id',
  'campaign',
  'status',
  'dispo',
  'uniqueid',
  'call_id',
  'SQLdate',
  'called_count',
  ...VICIDIAL_LEAD_PARAMS,
] as const;
export type VicidialNoAgentParam = (typeof VICIDIAL_NO_AGENT_PARAMS)[number];

/** Fields of VICIdial's Agent Events Push (relayed by `get2post.php` as a form-encoded POST). */
export const VICIDIAL_AGENT_EVENT_PARAMS = ['user', 'event', 'message', 'lead_id', 'agent_log_id', 'epoch', 'counter'] as const;
export type VicidialAgentEventParam = (typeof VICIDIAL_AGENT_EVENT_PARAMS)[number];

/** Agent events that become an `operator.state`; any other event is accepted and ignored. */
export const VICIDIAL_AGENT_EVENT_STATES: Readonly<Record<string, OperatorState>> = Object.freeze({
  logged_in: 'available',
  state_ready: 'available',
  call_answered: 'on_call',
  agent_hangup: 'wrap_up',
  state_paused: 'paused',
  logged_out: 'offline',
});

/** Raw query/form parameters as they arrived (after form decoding); repeated names keep the first value. */
export type VicidialParams = Readonly<Record<string, string | undefined>>;
