/**
 * VICIdial's Dispo Call URL and No Agent Call URL → one `call.outcome` each (contract,
 * "Integrations: VICIdial"). Pure: the parameters as decoded, the tenant's context, the event.
 */
import type { CallOutcomeEvent, VicidialParams } from '@leadboard/contracts';
import { readDialerLocalTime } from './dialer-local-time';
import { vicidialLeadDetails } from './vicidial-lead-details';
import {
  eventIdOf,
  missingParams,
  param,
  readEpoch,
  validated,
  type VicidialContext,
  type VicidialTranslation,
} from './vicidial-translation';

const MAX_NOTES = 4000;

function campaignOf(params: VicidialParams, ctx: VicidialContext): VicidialParams {
  // An empty `campaign` takes the tenant's default campaign, when it has one.
  if (param(params, 'campaign') !== undefined || !ctx.defaultCampaignId) return params;
  return { ...params, campaign: ctx.defaultCampaignId };
}

/** `talk_time`: whole seconds (VICIdial already took the dead time out); empty is 0. */
function talkSecondsOf(value: string | undefined): number | null {
  if (value === undefined) return 0;
  if (!/^\d{1,9}(\.\d+)?$/.test(value)) return null;
  return Math.round(Number(value));
}

/** The Dispo Call URL: the agent set a status at the end of a call. */
export function translateDispoCall(input: VicidialParams, ctx: VicidialContext): VicidialTranslation<CallOutcomeEvent> {
  const params = campaignOf(input, ctx);
  const missing = missingParams(params, ['lead_id', 'campaign', 'dispo']);
  if (missing) return { ok: false, problem: missing };
  const leadId = param(params, 'lead_id') as string;
  const epoch = readEpoch(param(params, 'epoch'));
  if (!epoch.ok) return { ok: false, problem: 'epoch must be Unix seconds' };
  const talkSeconds = talkSecondsOf(param(params, 'talk_time'));
  if (talkSeconds === null) return { ok: false, problem: 'talk_time must be a number of seconds' };
  const callback = readDialerLocalTime(param(params, 'callback_datetime'), ctx.timeZone);
  if (callback.kind === 'invalid') return { ok: false, problem: 'callback_datetime must be YYYY-MM-DD HH:MM:SS' };

  const uniqueid = param(params, 'uniqueid') ?? param(params, 'call_id') ?? '';
  const agentLogId = param(params, 'agent_log_id') ?? '';
  const notes = param(params, 'call_notes');
  return validated<CallOutcomeEvent>({
    eventId: eventIdOf('vicidial:dispo', [uniqueid, leadId, agentLogId], params, uniqueid !== '' || agentLogId !== ''),
    type: 'call.outcome',
    occurredAt: new Date(epoch.ms ?? ctx.receivedAt.getTime()).toISOString(),
    campaignId: param(params, 'campaign'),
    leadId,
    operatorId: param(params, 'user') ?? null,
    disposition: param(params, 'dispo'),
    talkSeconds,
    wrapSeconds: 0,
    callbackAt: callback.kind === 'instant' ? callback.iso : null,
    notes: notes ? notes.slice(0, MAX_NOTES) : null,
    lead: vicidialLeadDetails(params),
  });
}

/** The No Agent Call URL: a call the dialer placed that never reached an agent (NA, B, AA, DROP, …). */
export function translateNoAgentCall(input: VicidialParams, ctx: VicidialContext): VicidialTranslation<CallOutcomeEvent> {
  const params = campaignOf(input, ctx);
  const withStatus = param(params, 'status') === undefined && param(params, 'dispo') !== undefined ? { ...params, status: params['dispo'] } : params;
  const missing = missingParams(withStatus, ['lead_id', 'campaign', 'status']);
  if (missing) return { ok: false, problem: missing };
  const leadId = param(withStatus, 'lead_id') as string;
  const status = param(withStatus, 'status') as string;
  const at = readDialerLocalTime(param(withStatus, 'SQLdate'), ctx.timeZone);
  if (at.kind === 'invalid') return { ok: false, problem: 'SQLdate must be YYYY-MM-DD HH:MM:SS' };

  const uniqueid = param(withStatus, 'uniqueid') ?? param(withStatus, 'call_id') ?? '';
  return validated<CallOutcomeEvent>({
    eventId: eventIdOf('vicidial:na', [uniqueid, leadId, status], params, uniqueid !== ''),
    type: 'call.outcome',
    occurredAt: at.kind === 'instant' ? at.iso : ctx.receivedAt.toISOString(),
    campaignId: param(withStatus, 'campaign'),
    leadId,
    operatorId: null,
    disposition: status,
    talkSeconds: 0,
    wrapSeconds: 0,
    lead: vicidialLeadDetails(withStatus),
  });
}
