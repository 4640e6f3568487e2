/**
 * Reads what `SourceActivity` recorded (tables `source_activity`, `source_errors`): per source its
 * last event, events of the current UTC day and in all, and its latest errors. "Today" is the
 * database's UTC day, the same day the ingest path books events under.
 */
import { Injectable } from '@nestjs/common';
import { SOURCE_ERRORS_SHOWN, type SourceErrorView, type SourceKind } from '@leadboard/contracts';
import { DataSource } from 'typeorm';

export interface SourceHealthRow {
  kind: SourceKind;
  /** `''` for sources a tenant has one of. */
  sourceId: string;
  lastEventAt: string | null;
  eventsToday: number;
  eventsTotal: number;
  errors: SourceErrorView[];
}

export interface SourceHealthRead {
  /** The UTC day `eventsToday` counts. */
  today: string;
  asOf: string;
  rows: SourceHealthRow[];
}

const iso = (d: Date | string) => new Date(d).toISOString();
const key = (kind: string, id: string) => `${kind}\u0000${id}`;

@Injectable()
export class SourceHealthReader {
  constructor(private readonly ds: DataSource) {}

  async read(tenantId: string, errorsShown = SOURCE_ERRORS_SHOWN): Promise<SourceHealthRead> {
    const [[clock], activity, errors] = (await Promise.all([
      this.ds.query(`SELECT (now() AT TIME ZONE 'UTC')::date::text AS today, now() AS as_of`),
      this.ds.query(
        `SELECT source, source_id, max(last_event_at) AS last_event_at,
                coalesce(sum(events) FILTER (WHERE day = (now() AT TIME ZONE 'UTC')::date), 0)::bigint AS events_today,
                sum(events)::bigint AS events_total
           FROM source_activity WHERE tenant_id = $1
          GROUP BY source, source_id`,
        [tenantId],
      ),
      this.ds.query(
        `SELECT source, source_id, at, message FROM (
           SELECT source, source_id, at, message, id,
                  row_number() OVER (PARTITION BY source, source_id ORDER BY at DESC, id DESC) AS n
             FROM source_errors WHERE tenant_id = $1
         ) latest
          WHERE n <= $2
          ORDER BY source, source_id, at DESC, id DESC`,
        [tenantId, errorsShown],
      ),
    ])) as [
      { today: string; as_of: Date }[],
      { source: SourceKind; source_id: string; last_event_at: Date; events_today: string; events_total: string }[],
      { source: SourceKind; source_id: string; at: Date; message: string }[],
    ];

    const rows = new Map<string, SourceHealthRow>();
    const rowOf = (kind: SourceKind, sourceId: string): SourceHealthRow => {
      const k = key(kind, sourceId);
      let row = rows.get(k);
      if (!row) {
        row = { kind, sourceId, lastEventAt: null, eventsToday: 0, eventsTotal: 0, errors: [] };
        rows.set(k, row);
      }
      return row;
    };
    for (const a of activity) {
      const row = rowOf(a.source, a.source_id);
      row.lastEventAt = iso(a.last_event_at);
      row.eventsToday = Number(a.events_today);
      row.eventsTotal = Number(a.events_total);
    }
    for (const e of errors) rowOf(e.source, e.source_id).errors.push({ at: iso(e.at), message: e.message });
    return { today: clock.today, asOf: iso(clock.as_of), rows: [...rows.values()] };
  }
}
