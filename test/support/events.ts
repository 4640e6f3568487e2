/** Builders of contract events for the system tests. */
import { randomBytes } from 'node:crypto';
import type { IngestEventInput } from '@leadboard/contracts';

const uid = () => randomBytes(6).toString('hex');

export function leadCreated(campaignId: string, leadId: string, at = new Date(), extra: Record<string, unknown> = {}): IngestEventInput {
  return {
    eventId: `lc-${uid()}`,
    type: 'lead.created',
    occurredAt: at.toISOString(),
    campaignId,
    leadId,
    lead: { source: 'meta_ads', name: `Name of ${leadId}`, phone: '+39 333 000 0000', email: `${leadId}@example.com` },
    ...extra,
  } as IngestEventInput;
}

export function callOutcome(
  campaignId: string,
  leadId: string,
  disposition: string,
  at = new Date(),
  extra: Record<string, unknown> = {},
): IngestEventInput {
  return {
    eventId: `co-${uid()}`,
    type: 'call.outcome',
    occurredAt: at.toISOString(),
    campaignId,
    leadId,
    operatorId: 'op-1',
    disposition,
    talkSeconds: 60,
    wrapSeconds: 10,
    ...extra,
  } as IngestEventInput;
}

/**
 * A time zone whose clock reads noon give or take half an hour at `now` (`Etc/GMT±N`, whose sign is
 * POSIX's: `Etc/GMT-2` is UTC+2). A campaign set to it has a "today" that holds the last eleven hours and
 * the next eleven: a test that checks "today" figures of events from the last hours passes at any hour
 * of the day, where the campaign's own zone would start a new day under it after local midnight.
 */
export function middayTimeZone(now = Date.now()): string {
  const d = new Date(now);
  const offset = Math.round(12 - (d.getUTCHours() + d.getUTCMinutes() / 60)); // -12 … +12
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
