/**
 * Thin injectable fronts over the shared repositories the engine writes through in its transaction
 * (disposition tables, alerts): the orchestrating service's spec replaces them like any other part.
 */
import { Injectable } from '@nestjs/common';
import type { AlertView } from '@leadboard/contracts';
import type { DispositionTable } from '@leadboard/domain';
import { AlertRepository, DispositionTableRepository, type DncViolationAlert, type UnmappedSighting } from '@leadboard/server';
import type { EntityManager } from 'typeorm';
import { storeLostLeadCallAlerts, type LostLeadCallHit } from '../classification/lost-lead-calls';

@Injectable()
export class DispositionTables {
  load(db: EntityManager, tenantId: string): Promise<DispositionTable> {
    return new DispositionTableRepository(db).load(tenantId);
  }

  recordUnmapped(m: EntityManager, tenantId: string, sightings: readonly UnmappedSighting[]): Promise<void> {
    return new DispositionTableRepository(m).recordUnmapped(tenantId, sightings);
  }

  recountUnmapped(db: EntityManager, tenantId: string, campaignId: string): Promise<void> {
    return new DispositionTableRepository(db).recountUnmapped(tenantId, campaignId);
  }
}

@Injectable()
export class LostLeadAlerts {
  /** One warning per call within a NOT_INTERESTED's cooling-off, stored with the call; a call already alerted is skipped. */
  insert(m: EntityManager, tenantId: string, hits: LostLeadCallHit[], now: Date): Promise<AlertView[]> {
    return hits.length ? storeLostLeadCallAlerts(m, tenantId, hits, now) : Promise.resolve([]);
  }
}

@Injectable()
export class DncAlerts {
  /** One critical alert per call to a dnc lead, stored with the call; a call already alerted is skipped. */
  insert(m: EntityManager, tenantId: string, items: DncViolationAlert[], now: Date): Promise<AlertView[]> {
    return items.length ? new AlertRepository(m).insertDncViolations(tenantId, items, now) : Promise.resolve([]);
  }
}
