import { compareEvents } from '../event-order';
import { translateAgentEvent } from './vicidial-agent-events';
import type { VicidialContext } from './vicidial-translation';

const ctx: VicidialContext = { timeZone: 'UTC', defaultCampaignId: 'c-main', receivedAt: new Date('2026-11-30T10:00:00Z') };
const push = (event: string, extra: Record<string, string> = {}) =>
  translateAgentEvent({ user: '6001', event, message: '', lead_id: '', agent_log_id: '889', epoch: '1796032502', counter: '12', ...extra }, ctx);

describe('translateAgentEvent', () => {
  it.each([
    ['logged_in', 'available'],
    ['state_ready', 'available'],
    ['call_answered', 'on_call'],
    ['agent_hangup', 'wrap_up'],
    ['state_paused', 'paused'],
    ['logged_out', 'offline'],
  ])('%s → %s', (event, state) => {
    expect(push(event)).toEqual({
      ok: true,
      event: {
        eventId: `vicidial:agent:6001:1796032502:12:${event}`,
        type: 'operator.state',
        occurredAt: '2026-11-30T09:55:02.012Z',
        operatorId: '6001',
        state,
        campaignId: 'c-main',
      },
    });
  });

  it('accepts and ignores the other events', () => {
    expect(push('dispo_set')).toEqual({ ok: true, event: null, ignored: 'dispo_set' });
    expect(push('callback_select_open')).toEqual({ ok: true, event: null, ignored: 'callback_select_open' });
  });

  it("orders two events of one second by the agent's counter, even past 9 → 10", () => {
    const a = push('call_answered', { counter: '9' });
    const b = push('agent_hangup', { counter: '10' });
    if (!a.ok || !b.ok || !a.event || !b.event) throw new Error('expected two events');
    expect(compareEvents(a.event, b.event)).toBeLessThan(0);
  });

  it('says what is missing or malformed', () => {
    expect(translateAgentEvent({ event: 'logged_in' }, ctx)).toEqual({ ok: false, problem: 'missing user' });
    expect(push('logged_in', { epoch: 'x' })).toEqual({ ok: false, problem: 'epoch must be Unix seconds' });
    expect(push('logged_in', { counter: 'x' })).toEqual({ ok: false, problem: 'counter must be a whole number' });
  });
});
