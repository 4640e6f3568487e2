/**
 * `lost_lead_called` on the worker's side (domain page, "Classification errors"): the fold reports the
 * calls made within the cooling-off of a NOT_INTERESTED (libs/domain `LostLeadCall`); this turns them
 * into warning alerts stored in the batch's transaction, one per call. The unique (tenant, event_id)
 * index of `alerts` makes a redelivered batch or a refold of the lead a no-op, so a refold may hand
 * over every call its fold reports, not only the batch's: the alerts end the same whatever the
 * arrival order (a late NOT_INTERESTED that precedes a call already applied raises it then).
 */
import type { AlertView } from '@leadboard/contracts';
import { lostLeadCalledFinding, type LeadEvent, type LostLeadCall } from '@leadboard/domain';
import { AlertRepository } from '@leadboard/server';
import type { EntityManager } from 'typeorm';

export interface LostLeadCallHit extends LostLeadCall {
  campaignId: string;
  leadId: string;
  operatorId: string | null;
  /** occurredAt of the call. */
  at: string;
}

/** The hit for a call the fold reported, with what the alert names (the lead, the operator, the call). */
export function lostLeadCallHit(lead: { id: string; campaign_id: string }, call: LeadEvent | undefined, found: LostLeadCall): LostLeadCallHit[] {
  if (!call || call.type !== 'call.outcome') return [];
  return [{ ...found, campaignId: lead.campaign_id, leadId: lead.id, operatorId: call.operatorId ?? null, at: call.occurredAt }];
}

/** One multi-row insert for the whole batch; answers only the alerts that are new. */
export function storeLostLeadCallAlerts(m: EntityManager, tenantId: string, hits: LostLeadCallHit[], now: Date = new Date()): Promise<AlertView[]> {
  return new AlertRepository(m).insertPerCall(
    tenantId,
    hits.map((h) => ({
      campaignId: h.campaignId,
      eventId: h.eventId,
      finding: lostLeadCalledFinding({
        leadId: h.leadId,
        operatorId: h.operatorId,
        eventId: h.eventId,
        at: new Date(h.at).toISOString(),
        notInterestedAt: new Date(h.notInterestedAt).toISOString(),
        coolingOffDays: h.coolingOffDays,
      }),
    })),
    now,
  );
}
