/**
 * VICIdial's Agent Events Push (relayed as a form POST by its `get2post.php`) → `operator.state`.
 * Only the events that say what the agent is doing become a state; the others (dispo_set,
 * callback_select_open, …) are accepted and ignored.
 */
import { VICIDIAL_AGENT_EVENT_STATES, type OperatorStateEvent, type VicidialParams } from '@leadboard/contracts';
import { missingParams, param, readEpoch, validated, type VicidialContext, type VicidialTranslation } from './vicidial-translation';

/** Counters above this wrap around in the sub-second tie-break (see below). */
const COUNTER_SLOTS = 1000;

export function translateAgentEvent(params: VicidialParams, ctx: VicidialContext): VicidialTranslation<OperatorStateEvent> {
  const missing = missingParams(params, ['user', 'event']);
  if (missing) return { ok: false, problem: missing };
  const user = param(params, 'user') as string;
  const name = param(params, 'event') as string;
  const epoch = readEpoch(param(params, 'epoch'));
  if (!epoch.ok) return { ok: false, problem: 'epoch must be Unix seconds' };
  const counterText = param(params, 'counter') ?? '';
  if (counterText !== '' && !/^\d{1,12}$/.test(counterText)) return { ok: false, problem: 'counter must be a whole number' };
  const state = Object.hasOwn(VICIDIAL_AGENT_EVENT_STATES, name) ? VICIDIAL_AGENT_EVENT_STATES[name] : undefined;
  if (!state) return { ok: true, event: null, ignored: name };

  const epochText = param(params, 'epoch') ?? String(Math.floor(ctx.receivedAt.getTime() / 1000));
  const baseMs = epoch.ms ?? Math.floor(ctx.receivedAt.getTime() / 1000) * 1000;
  // VICIdial's epoch counts whole seconds and an agent often changes state twice in one: its event
  // counter (one sequence per agent session) orders them within the second.
  const tieBreakMs = counterText === '' ? 0 : Number(counterText) % COUNTER_SLOTS;
  return validated<OperatorStateEvent>({
    eventId: `vicidial:agent:${user}:${epochText}:${counterText}:${name}`,
    type: 'operator.state',
    occurredAt: new Date(baseMs + tieBreakMs).toISOString(),
    operatorId: user,
    state,
    campaignId: ctx.defaultCampaignId,
  });
}
