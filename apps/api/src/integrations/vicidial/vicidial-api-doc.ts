/**
 * What the OpenAPI document says of VICIdial's three endpoints: the parameters VICIdial sends (by
 * its names, read by the integration's own decoding in libs/domain, never by a zod pipe) and the
 * `text/plain` answers VICIdial logs. Documentation only: the translation is the validation.
 */
import { VICIDIAL_AGENT_EVENT_PARAMS, VICIDIAL_DISPO_PARAMS, VICIDIAL_NO_AGENT_PARAMS } from '@leadboard/contracts';
import { z } from 'zod';
import type { ContentDoc } from '../../openapi/api-doc.decorator';

const WORDS: Record<string, string> = {
  lead_id: "VICIdial's lead id: the event's `leadId`.",
  campaign: 'The campaign (the in-group on inbound calls): `campaignId`. Required unless the tenant has a default VICIdial campaign.',
  dispo: 'The status the agent set, mapped with the tenant\'s disposition table (`NA`, `SALE`, a custom code…).',
  status: 'The call\'s status (`NA`, `B`, `AA`, `DROP`…), mapped with the tenant\'s table; `dispo` is read when it is absent.',
  user: 'The agent: `operatorId` (empty: no operator).',
  talk_time: 'Talk seconds (VICIdial already takes the dead time out); empty is 0.',
  uniqueid: 'Part of the event id (`call_id` stands in when it is empty).',
  agent_log_id: 'Part of the event id.',
  call_id: 'Part of the event id when `uniqueid` is empty.',
  epoch: 'When it happened, Unix seconds; without it, when Leadboard received it.',
  callback_datetime: '`YYYY-MM-DD HH:MM:SS` in the tenant\'s VICIdial time zone: `callbackAt` (empty or `0000-00-00 …`: none).',
  SQLdate: 'When the call happened, `YYYY-MM-DD HH:MM:SS` in the tenant\'s VICIdial time zone; without it, when received.',
  call_notes: '`notes` (cut at 4,000 characters).',
  first_name: 'Fills the lead\'s name when Leadboard does not know it yet.',
  last_name: 'Fills the lead\'s name when Leadboard does not know it yet.',
  phone_number: 'Fills the lead\'s phone when Leadboard does not know it yet.',
  email: 'Fills the lead\'s e-mail when Leadboard does not know it yet.',
  list_id: 'Fills the lead\'s attribute `vicidialListId` when absent.',
  vendor_lead_code: 'Fills the lead\'s attribute `vendorLeadCode` when absent.',
  callback_lead_status: 'Accepted, not used.',
  term_reason: 'Accepted, not used.',
  called_count: 'Accepted, not used (Leadboard counts attempts itself).',
  event: '`logged_in`/`state_ready` → `available`, `call_answered` → `on_call`, `agent_hangup` → `wrap_up`, `state_paused` → `paused`, `logged_out` → `offline`; any other event is accepted and ignored.',
  message: 'Accepted, not used.',
  counter: 'The agent session\'s event counter: orders two events of the same second.',
};

function paramsObject(names: readonly string[], required: readonly string[], words: Record<string, string> = {}): z.ZodObject {
  return z.object(
    Object.fromEntries(
      names.map((name) => {
        const field = z.string().meta({ description: words[name] ?? WORDS[name] ?? 'Accepted, not used.' });
        return [name, required.includes(name) ? field : field.optional()];
      }),
    ),
  );
}

/** The Dispo Call URL's query string (`key` is the security scheme's). */
export const vicidialDispoQuery = paramsObject(VICIDIAL_DISPO_PARAMS, ['lead_id', 'dispo']);
/** The No Agent Call URL's query string. */
export const vicidialNoAgentQuery = paramsObject(VICIDIAL_NO_AGENT_PARAMS, ['lead_id']);
/** The Agent Events Push form, as get2post.php posts it; the key may travel in it. */
export const vicidialAgentEventForm = z.object({
  key: z.string().optional().meta({ description: 'The ingest key, when it is neither in the query string nor in an `Authorization` header (get2post.php moves the URL\'s parameters into the form).' }),
  ...paramsObject(VICIDIAL_AGENT_EVENT_PARAMS, ['user', 'event'], {
    user: 'The agent: `operatorId`.',
    lead_id: 'Accepted, not used.',
    agent_log_id: 'Accepted, not used.',
  }).shape,
});

const text = (description: string, headers?: Record<string, string>): ContentDoc => ({ contentType: 'text/plain', schema: z.string(), description, ...(headers ? { headers } : {}) });

/** VICIdial logs the body of every answer: all of them are text. */
export const VICIDIAL_OK = text('`OK <eventId>`: the event is queued (the answer never waits for it to be applied).');

/** The refusals of an endpoint; `examples` are its 400 texts. */
export function vicidialRefusals(examples: string): Record<number, ContentDoc> {
  return {
    400: text(
      `What is missing or malformed, e.g. ${examples}; nothing was queued. A refusal of the parameters is recorded on the ` +
        'Sources page (the reason, never a value from the request).',
    ),
    401: text('`invalid or missing key`.'),
    403: text('`this key is not an ingest key` (a user or wall-screen token).'),
    429: text('Over `RATE_LIMIT_INGEST` requests per second for this key: nothing was queued.', { 'Retry-After': 'seconds to wait' }),
    503: text('The event queue cannot take the event now; nothing was queued.', { 'Retry-After': 'seconds to wait' }),
  };
}
