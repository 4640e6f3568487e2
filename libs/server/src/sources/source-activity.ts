/**
 * Records what each source of events did, for the Sources page: events accepted per source and day,
 * and the latest errors with their reason. Best effort by design: a failure here is logged and never
 * turns an accepted request into an error (the events are already queued).
 */
import { Injectable, Logger } from '@nestjs/common';
import type { SourceKind } from '@leadboard/contracts';
import { DataSource } from 'typeorm';

/** Where events come from (one definition, in libs/contracts, shared with the Sources page). */
export type { SourceKind };

export interface SourceRef {
  kind: SourceKind;
  /** The source's own id where a tenant has several (a Meta source); empty otherwise. */
  id?: string;
}

/** How many errors are kept per source: the page shows the latest few, the rest is noise. */
export const SOURCE_ERRORS_KEPT = 50;
const MAX_MESSAGE_LENGTH = 500;

@Injectable()
export class SourceActivity {
  private readonly logger = new Logger(SourceActivity.name);

  constructor(private readonly ds: DataSource) {}

  async recordAccepted(tenantId: string, source: SourceRef, events: number, at = new Date()): Promise<void> {
    if (events <= 0) return;
    try {
      await this.ds.query(
        `INSERT INTO source_activity (tenant_id, source, source_id, day, events, last_event_at)
         VALUES ($1, $2, $3, ($5::timestamptz AT TIME ZONE 'UTC')::date, $4, $5)
         ON CONFLICT (tenant_id, source, source_id, day) DO UPDATE
           SET events = source_activity.events + EXCLUDED.events,
               last_event_at = greatest(source_activity.last_event_at, EXCLUDED.last_event_at)`,
        [tenantId, source.kind, source.id ?? '', events, at.toISOString()],
      );
    } catch (err) {
      this.logger.warn(`source activity not recorded: ${(err as Error).message}`);
    }
  }

  /** `message` says what was wrong in words; it must carry no personal data and no secret. */
  async recordError(tenantId: string, source: SourceRef, message: string, at = new Date()): Promise<void> {
    try {
      await this.ds.query(
        `WITH added AS (
           INSERT INTO source_errors (tenant_id, source, source_id, at, message) VALUES ($1, $2, $3, $4, $5) RETURNING id
         )
         DELETE FROM source_errors WHERE id IN (
           SELECT id FROM source_errors WHERE tenant_id = $1 AND source = $2 AND source_id = $3
            ORDER BY at DESC, id DESC OFFSET $6
         )`,
        [tenantId, source.kind, source.id ?? '', at.toISOString(), message.slice(0, MAX_MESSAGE_LENGTH), SOURCE_ERRORS_KEPT - 1],
      );
    } catch (err) {
      this.logger.warn(`source error not recorded: ${(err as Error).message}`);
    }
  }
}
