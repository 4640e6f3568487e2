/**
 * Operators as the events describe them: created on first sight (a name and seniority only fill
 * gaps, a manager's edit wins), and their current state with the event that set it.
 */
import { Injectable } from '@nestjs/common';
import type { OperatorState } from '@leadboard/contracts';
import type { OperatorPosition } from '@leadboard/domain';
import type { EntityManager } from 'typeorm';

export interface OperatorSighting {
  id: string;
  name: string | null;
  seniority: string | null;
}

export interface StoredOperator extends OperatorPosition {
  id: string;
  campaignId: string | null;
}

export interface OperatorStateToStore {
  id: string;
  state: OperatorState;
  at: string;
  eventId: string;
  campaignId: string | null;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

@Injectable()
export class OperatorRepository {
  /**
   * Creates the operators not seen yet, then gives a name to those that have none. Two statements
   * rather than one `ON CONFLICT DO UPDATE … WHERE`: that form locks every conflicting row even when
   * its WHERE is false, so every set naming an operator (every call) would queue behind every other
   * set naming it until commit — a global serialisation on the few operator rows.
   */
  async ensure(m: EntityManager, tenantId: string, sightings: readonly OperatorSighting[]): Promise<void> {
    if (!sightings.length) return;
    const rows = [...sightings].sort(byId);
    await m.query(
      `INSERT INTO operators (tenant_id, id, name, seniority)
       SELECT $1, x.id, x.name, coalesce(x.seniority, 'junior') FROM unnest($2::text[], $3::text[], $4::text[]) AS x(id, name, seniority)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [tenantId, rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.seniority)],
    );
    const named = rows.filter((r) => r.name !== null);
    if (!named.length) return;
    // Only rows still without a name are locked (an UPDATE locks the rows its WHERE keeps); a manager's name wins.
    await m.query(
      `UPDATE operators o SET name = x.name FROM unnest($2::text[], $3::text[]) AS x(id, name)
        WHERE o.tenant_id = $1 AND o.id = x.id AND o.name IS NULL`,
      [tenantId, named.map((r) => r.id), named.map((r) => r.name)],
    );
  }

  /** The operators' stored positions, locked for the transaction in id order. */
  async lockPositions(m: EntityManager, tenantId: string, ids: readonly string[]): Promise<StoredOperator[]> {
    if (!ids.length) return [];
    const rows = (await m.query(
      `SELECT id, state, state_since, state_event_id, campaign_id FROM operators WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [tenantId, [...ids].sort()],
    )) as { id: string; state: OperatorState; state_since: Date | null; state_event_id: string | null; campaign_id: string | null }[];
    return rows.map((r) => ({
      id: r.id,
      state: r.state,
      sinceMs: r.state_since ? new Date(r.state_since).getTime() : null,
      sinceEventId: r.state_event_id,
      campaignId: r.campaign_id,
    }));
  }

  async writePositions(m: EntityManager, tenantId: string, states: readonly OperatorStateToStore[]): Promise<void> {
    if (!states.length) return;
    const rows = [...states].sort(byId);
    await m.query(
      `UPDATE operators o SET state = x.state, state_since = x.at, state_event_id = x.event_id, campaign_id = coalesce(x.campaign_id, o.campaign_id)
         FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS x(id, state, at, event_id, campaign_id)
        WHERE o.tenant_id = $1 AND o.id = x.id`,
      [tenantId, rows.map((r) => r.id), rows.map((r) => r.state), rows.map((r) => r.at), rows.map((r) => r.eventId), rows.map((r) => r.campaignId)],
    );
  }
}
