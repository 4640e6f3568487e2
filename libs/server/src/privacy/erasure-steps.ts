/**
 * Where a lead's personal data is kept, one erasure step per store. A store added later (an import's
 * rejected rows, an ad platform's raw lead) is one more step in `DATABASE_ERASURE_STEPS` — or, for a
 * store outside PostgreSQL, one more `ExternalErasureStep` given to LeadErasure. Every step keeps the
 * facts (stages, calls, times, counters) and is idempotent: erasing twice changes nothing more.
 */
import type { IngestEvent } from '@leadboard/contracts';
import { PERSONAL_EVENT_PATHS, eraseLeadsFromEvents, redactValues } from '@leadboard/domain';
import type { Job, Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../database/data-source';
import type { IngestBatchJob } from '../queue/event-queue';

/** The leads being erased, with the values to look for in free text (read before they are cleared). */
export interface ErasureScope {
  tenantId: string;
  leadIds: string[];
  personal: { name: string | null; phone: string | null; email: string | null }[];
}

/** A step over PostgreSQL, run in the erasure's transaction; returns the rows it changed. */
export interface DatabaseErasureStep {
  store: string;
  erase(m: EntityManager, scope: ErasureScope): Promise<number>;
}

/** A step over another store (Redis), run after the database commit; returns the items it changed. */
export interface ExternalErasureStep {
  store: string;
  erase(scope: ErasureScope): Promise<number>;
}

/** `payload #- '{lead,name}' #- … ` over the one list of personal paths, and whether any is present. */
function stripSql(column: string, firstParam: number): { expr: string; present: string; params: string[][] } {
  const params = PERSONAL_EVENT_PATHS.map((p) => [...p]);
  const expr = params.reduce((acc, _p, i) => `(${acc} #- $${firstParam + i}::text[])`, column);
  const present = params.map((_p, i) => `${column} #> $${firstParam + i}::text[] IS NOT NULL`).join(' OR ');
  return { expr, present: `(${present})`, params };
}

/**
 * Strips the personal data from stored event payloads, of given leads or given events (the worker
 * strips the events it just stored for a lead already erased); returns the rows changed.
 */
export async function stripStoredEvents(m: EntityManager, tenantId: string, where: { leadIds: string[] } | { eventIds: string[] }): Promise<number> {
  const { expr, present, params } = stripSql('payload', 3);
  const [column, ids] = 'leadIds' in where ? ['lead_id', where.leadIds] : ['event_id', where.eventIds];
  const result = await m.query(`UPDATE events SET payload = ${expr} WHERE tenant_id = $1 AND ${column} = ANY($2::text[]) AND ${present}`, [tenantId, ids, ...params]);
  return affected(result);
}

/** The stored events: their payloads lose the lead's contact details, attributes and notes. */
export const storedEventsStep: DatabaseErasureStep = {
  store: 'events',
  erase: (m, scope) => stripStoredEvents(m, scope.tenantId, { leadIds: scope.leadIds }),
};

/** Dead letters keep the batch that failed: its events about these leads are stripped the same way. */
export const deadLettersStep: DatabaseErasureStep = {
  store: 'dead_letters',
  async erase(m, scope) {
    const { expr, present, params } = stripSql('e', 3);
    const result = await m.query(
      `UPDATE dead_letters d
          SET events = (SELECT jsonb_agg(CASE WHEN e->>'leadId' = ANY($2::text[]) THEN ${expr} ELSE e END ORDER BY n)
                          FROM jsonb_array_elements(d.events) WITH ORDINALITY AS t(e, n))
        WHERE d.tenant_id = $1
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(d.events) AS t(e) WHERE e->>'leadId' = ANY($2::text[]) AND ${present})`,
      [scope.tenantId, scope.leadIds, ...params],
    );
    return affected(result);
  },
};

/** Managers write free-text reasons for moves: a quoted name, phone or e-mail becomes `[erased]`. */
export const auditReasonsStep: DatabaseErasureStep = {
  store: 'audit_log',
  async erase(m, scope) {
    const rows = (await m.query(`SELECT id, reason FROM audit_log WHERE tenant_id = $1 AND lead_id = ANY($2::text[])`, [scope.tenantId, scope.leadIds])) as {
      id: string;
      reason: string;
    }[];
    const values = scope.personal.flatMap((p) => [p.name, p.phone, p.email]);
    const changed = rows.map((r) => ({ id: r.id, reason: redactValues(r.reason, values) })).filter((r, i) => r.reason !== rows[i].reason);
    if (!changed.length) return 0;
    await m.query(
      `UPDATE audit_log a SET reason = x.reason FROM unnest($1::bigint[], $2::text[]) AS x(id, reason) WHERE a.id = x.id`,
      [changed.map((r) => r.id), changed.map((r) => r.reason)],
    );
    return changed.length;
  },
};

/** In this order, then the lead rows themselves (LeadErasure does those last). */
export const DATABASE_ERASURE_STEPS: readonly DatabaseErasureStep[] = [storedEventsStep, deadLettersStep, auditReasonsStep];

const JOB_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children', 'failed', 'completed'] as const;
const PAGE = 200;

/**
 * Jobs of the events queue in Redis — waiting, retrying, failed (kept 7 days) or completed (kept
 * 10 minutes) — still carry the events as they came: their data is rewritten without the personal data.
 */
export function eventsQueueStep(queue: Queue<IngestBatchJob>): ExternalErasureStep {
  return {
    store: `queue:${queue.name}`,
    async erase(scope) {
      const leads = new Set(scope.leadIds);
      let changed = 0;
      for (const state of JOB_STATES) {
        for (let start = 0; ; start += PAGE) {
          const jobs = (await queue.getJobs([state], start, start + PAGE - 1, true)) as Job<IngestBatchJob>[];
          for (const job of jobs) {
            if (!job?.data || job.data.tenantId !== scope.tenantId || !Array.isArray(job.data.events)) continue;
            const r = eraseLeadsFromEvents(job.data.events as IngestEvent[], leads);
            if (!r.changed) continue;
            // A job that finished and was removed meanwhile has nothing left to erase.
            await job.updateData({ ...job.data, events: r.events }).then(
              () => (changed += 1),
              () => undefined,
            );
          }
          if (jobs.length < PAGE) break;
        }
      }
      return changed;
    },
  };
}

function affected(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return returnedRows<unknown>(result).length;
}
