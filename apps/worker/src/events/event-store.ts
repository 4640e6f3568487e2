/**
 * The raw events, as received: stored once per (tenant, eventId) — the primary key decides what is
 * new, not the queue — and read back as a lead's history when it must be folded again.
 * Every method is one statement over arrays (`unnest`), whatever the number of events.
 */
import { Injectable } from '@nestjs/common';
import type { Disposition, IngestEvent } from '@leadboard/contracts';
import { storedMapping, type LeadEvent, type MappedDisposition } from '@leadboard/domain';
import { stripStoredEvents } from '@leadboard/server';
import type { EntityManager } from 'typeorm';
import type { Queryable } from '@leadboard/server';

/** An event to store, with the disposition its call was mapped to and when its request was received. */
export interface EventToStore {
  event: IngestEvent;
  receivedAt: string;
  /** For a call.outcome: the canonical disposition it was mapped to when applied. */
  disposition: Disposition | null;
}

/** A lead's stored events and the disposition each call was stored with. */
export interface LeadHistory {
  events: LeadEvent[];
  stored: Map<string, MappedDisposition>;
}

export interface StoredCall {
  eventId: string;
  leadId: string;
  rawDisposition: string;
  disposition: Disposition;
  occurredAt: string;
}

@Injectable()
export class EventStore {
  /** Inserts the events (sorted by eventId, so concurrent writers take index locks in one order); returns the ids that were new. */
  async insertFresh(m: EntityManager, tenantId: string, items: readonly EventToStore[]): Promise<Set<string>> {
    if (!items.length) return new Set();
    const sorted = [...items].sort((a, b) => (a.event.eventId < b.event.eventId ? -1 : a.event.eventId > b.event.eventId ? 1 : 0));
    const col = <T>(f: (x: EventToStore) => T) => sorted.map(f);
    const inserted = (await m.query(
      // Scalars as typed arrays; the payloads as one JSON array zipped in by position (ROWS FROM):
      // a jsonb[] parameter would be escaped element by element and parsed twice, measured ~4× slower.
      `INSERT INTO events (tenant_id, event_id, type, campaign_id, lead_id, operator_id, occurred_at,
                           disposition, raw_disposition, talk_seconds, wrap_seconds, payload, received_at)
       SELECT $1, x.* FROM ROWS FROM (unnest($2::text[]), unnest($3::text[]), unnest($4::text[]), unnest($5::text[]), unnest($6::text[]),
                                      unnest($7::timestamptz[]), unnest($8::text[]), unnest($9::text[]), unnest($10::int[]), unnest($11::int[]),
                                      jsonb_array_elements($12::jsonb), unnest($13::timestamptz[]))
              AS x(event_id, type, campaign_id, lead_id, operator_id, occurred_at, disposition, raw_disposition,
                   talk_seconds, wrap_seconds, payload, received_at)
       ON CONFLICT (tenant_id, event_id) DO NOTHING
       RETURNING event_id`,
      [
        tenantId,
        col((x) => x.event.eventId),
        col((x) => x.event.type),
        col((x) => x.event.campaignId ?? null),
        col((x) => (x.event.type === 'operator.state' ? null : x.event.leadId)),
        col((x) => (x.event.type === 'lead.created' ? null : (x.event.operatorId ?? null))),
        col((x) => x.event.occurredAt),
        col((x) => x.disposition),
        col((x) => (x.event.type === 'call.outcome' ? x.event.disposition : null)),
        col((x) => (x.event.type === 'call.outcome' ? x.event.talkSeconds : null)),
        col((x) => (x.event.type === 'call.outcome' ? x.event.wrapSeconds : null)),
        JSON.stringify(sorted.map((x) => x.event)),
        col((x) => x.receivedAt),
      ],
    )) as { event_id: string }[];
    return new Set(inserted.map((r) => r.event_id));
  }

  /** The stored histories of several leads, in one read (a refold of many leads costs one statement). */
  async histories(m: EntityManager, tenantId: string, leadIds: readonly string[]): Promise<Map<string, LeadHistory>> {
    const out = new Map<string, LeadHistory>(leadIds.map((id) => [id, { events: [], stored: new Map() }]));
    if (!leadIds.length) return out;
    const rows = (await m.query(
      // Lead by lead through the index (OFFSET 0 keeps the LATERAL from being flattened): `lead_id = ANY(…)`
      // was planned, on statistics that lagged the table's growth, as a scan of every event of the tenant.
      `SELECT e.lead_id, e.payload, e.disposition
         FROM unnest($2::text[]) AS x(id)
        CROSS JOIN LATERAL (SELECT lead_id, payload, disposition FROM events
                             WHERE tenant_id = $1 AND lead_id = x.id AND type IN ('lead.created', 'call.outcome') OFFSET 0) e`,
      [tenantId, leadIds],
    )) as { lead_id: string; payload: LeadEvent; disposition: Disposition | null }[];
    for (const r of rows) {
      const h = out.get(r.lead_id);
      if (!h) continue;
      h.events.push(r.payload);
      if (r.disposition !== null) h.stored.set(r.payload.eventId, storedMapping(r.disposition));
    }
    return out;
  }

  /** An erased lead keeps no personal data, even from events that were on their way when it was erased. */
  async stripPersonalData(m: EntityManager, tenantId: string, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length) await stripStoredEvents(m, tenantId, { eventIds: [...eventIds] });
  }

  /** A campaign's stored calls (all of them, or those of some leads). */
  async calls(db: Queryable, tenantId: string, campaignId: string, leadIds?: readonly string[]): Promise<StoredCall[]> {
    const rows = (await db.query(
      `SELECT event_id, lead_id, raw_disposition, disposition, occurred_at FROM events
        WHERE tenant_id = $1 AND campaign_id = $2 AND type = 'call.outcome' ${leadIds ? 'AND lead_id = ANY($3::text[])' : ''}`,
      leadIds ? [tenantId, campaignId, leadIds] : [tenantId, campaignId],
    )) as { event_id: string; lead_id: string; raw_disposition: string; disposition: Disposition; occurred_at: Date }[];
    return rows.map((r) => ({
      eventId: r.event_id,
      leadId: r.lead_id,
      rawDisposition: r.raw_disposition,
      disposition: r.disposition,
      occurredAt: new Date(r.occurred_at).toISOString(),
    }));
  }

  /** Stores calls' new canonical dispositions (a disposition table re-applied). */
  async remapCalls(m: EntityManager, tenantId: string, changes: readonly { eventId: string; disposition: Disposition }[]): Promise<void> {
    if (!changes.length) return;
    await m.query(
      `UPDATE events e SET disposition = x.next FROM unnest($2::text[], $3::text[]) AS x(event_id, next)
        WHERE e.tenant_id = $1 AND e.event_id = x.event_id`,
      [tenantId, changes.map((c) => c.eventId), changes.map((c) => c.disposition)],
    );
  }
}
