/** Builders for the specs of this library: events of lead L-1 at whole minutes after 09:00Z. */
import type { CallOutcomeEvent, LeadCreatedEvent } from '@leadboard/contracts';

const T0 = Date.parse('2026-11-23T09:00:00Z');

export function minute(n: number): string {
  return new Date(T0 + n * 60_000).toISOString();
}

export function callOutcome(
  eventId: string,
  atMinute: number,
  disposition: string,
  extra: Partial<CallOutcomeEvent> = {},
): CallOutcomeEvent {
  return {
    eventId,
    type: 'call.outcome',
    occurredAt: minute(atMinute),
    campaignId: 'c-1',
    leadId: 'L-1',
    operatorId: 'op-1',
    disposition,
    talkSeconds: 30,
    wrapSeconds: 10,
    ...extra,
  };
}

export function leadCreated(eventId: string, atMinute: number, extra: Partial<LeadCreatedEvent> = {}): LeadCreatedEvent {
  return {
    eventId,
    type: 'lead.created',
    occurredAt: minute(atMinute),
    campaignId: 'c-1',
    leadId: 'L-1',
    lead: { source: 'web_form' },
    ...extra,
  };
}

/** One call per disposition, ids c1, c2 … at minutes 1, 2 … after a lead.created at minute 0. */
export function history(...dispositions: string[]): (LeadCreatedEvent | CallOutcomeEvent)[] {
  return [leadCreated('c0', 0), ...dispositions.map((d, i) => callOutcome(`c${i + 1}`, i + 1, d))];
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
