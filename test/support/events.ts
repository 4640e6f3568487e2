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
