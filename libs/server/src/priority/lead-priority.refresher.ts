/**
 * Keeps `leads.priority`, `hot`, `priority_reasons` and `waiting_since` current, always in sets: one SELECT
 * and one UPDATE for a batch of leads, never a query per lead. The rule itself is libs/domain's
 * `leadPriority`, computed here in TypeScript rather than written a second time in SQL: one definition,
 * the one the property tests hold to order independence and the 0–100 bounds. Moving the rows costs little
 * because the freshness schedule reads only the leads whose priority can still change (less than a day
 * old, never computed, or a callback that came due) and writes only the rows whose figures changed.
 *
 * Two callers: a target change (the campaign's open leads at once) and the freshness schedule. The event
 * applier computes a lead's priority with `priorityOfLead` and writes it with the lead's new state, in the
 * same statement.
 */
import type { PriorityReason, Stage } from '@leadboard/contracts';
import { DEFAULT_HOT_THRESHOLD } from '@leadboard/contracts';
import { OPEN_STAGES } from '@leadboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { leadPriority, nextPriorityChangeAt, type LeadPriority, type PrioritySettings, type TargetRule } from '@leadboard/domain';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** Leads read and written per statement by the schedule and a target change: bounded memory and lock time. */
export const PRIORITY_CHUNK = 2000;

interface PriorityRow {
  id: string;
  campaign_id: string;
  stage: Stage;
  bant_need: boolean | null;
  bant_timeline: boolean | null;
  source: string | null;
  attributes: Record<string, unknown> | null;
  company: Record<string, unknown> | null;
  first_event_at: Date | null;
  callback_at: Date | null;
  priority: number;
  hot: boolean;
  priority_reasons: PriorityReason[];
  priority_at: Date | null;
  priority_next_at: Date | null;
}

export interface CampaignPrioritySettings extends PrioritySettings {
  campaignId: string;
}

/**
 * The columns a priority reads. `company`: the lead's own company when the schema has one (`lead.company`,
 * being added to the contract), else an object stored under the attribute `company`; `to_jsonb(l)` reads a
 * column that may not exist without failing.
 */
const PRIORITY_COLUMNS = `l.id, l.campaign_id, l.stage, l.bant_need, l.bant_timeline, l.source, l.attributes,
  CASE WHEN jsonb_typeof(to_jsonb(l) -> 'company') = 'object' THEN to_jsonb(l) -> 'company'
       WHEN jsonb_typeof(l.attributes -> 'company') = 'object' THEN l.attributes -> 'company' END AS company,
  l.first_event_at, l.callback_at, l.priority, l.hot, l.priority_reasons, l.priority_at, l.priority_next_at`;

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** The columns a lead's priority is computed from, as stored or about to be written. */
export type PriorityFacts = Pick<PriorityRow, 'stage' | 'bant_need' | 'bant_timeline' | 'source' | 'attributes' | 'company'> & {
  first_event_at: Date | string | null;
  callback_at: Date | string | null;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The company a priority reads, as `PRIORITY_COLUMNS` reads it in SQL: the lead's own column, else the attribute. */
export function priorityCompany(column: unknown, attributes: Record<string, unknown> | null): Record<string, unknown> | null {
  if (isObject(column)) return column;
  return attributes && isObject(attributes.company) ? attributes.company : null;
}

/** A lead's priority now, and when time alone will next change it (`priority_next_at`; null: never). */
export interface ComputedPriority extends LeadPriority {
  nextAt: string | null;
}

/**
 * A lead's priority from the columns it is about to be written with: the event applier computes it
 * before its one write of the lead, so a set writes each lead once rather than once more for its priority.
 */
export function priorityOfLead(facts: PriorityFacts, settings: PrioritySettings, nowMs: number): ComputedPriority {
  return computed(facts, settings, nowMs);
}

function computed(row: PriorityFacts, settings: PrioritySettings, nowMs: number): ComputedPriority {
  const input = {
    stage: row.stage,
    bant: { need: row.bant_need, timeline: row.bant_timeline },
    source: row.source,
    attributes: row.attributes,
    company: row.company,
    createdAt: iso(row.first_event_at),
    callbackAt: iso(row.callback_at),
  };
  const next = nextPriorityChangeAt(input, nowMs);
  return { ...leadPriority(input, settings, nowMs), nextAt: next === null ? null : new Date(next).toISOString() };
}

/** A stored target as the domain reads it; anything malformed is dropped rather than failing a batch. */
export function storedTarget(value: unknown): TargetRule[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (r): r is TargetRule =>
      typeof r === 'object' && r !== null && typeof (r as TargetRule).field === 'string' && typeof (r as TargetRule).op === 'string' && typeof (r as TargetRule).weight === 'number',
  );
}

export class LeadPriorityRefresher {
  constructor(private readonly db: Db) {}

  /** The priority settings of some campaigns (defaults for a campaign not found). */
  async settings(tenantId: string, campaignIds: string[]): Promise<Map<string, CampaignPrioritySettings>> {
    const rows = (await this.db.query(`SELECT id, target, hot_threshold FROM campaigns WHERE tenant_id = $1 AND id = ANY($2::text[])`, [tenantId, campaignIds])) as {
      id: string;
      target: unknown;
      hot_threshold: number | null;
    }[];
    const out = new Map<string, CampaignPrioritySettings>();
    for (const id of campaignIds) out.set(id, { campaignId: id, target: [], hotThreshold: DEFAULT_HOT_THRESHOLD });
    for (const r of rows) out.set(r.id, { campaignId: r.id, target: storedTarget(r.target), hotThreshold: r.hot_threshold ?? DEFAULT_HOT_THRESHOLD });
    return out;
  }

  /**
   * One chunk of a campaign's open leads, by id after `afterId`: every open lead (`all`, a target change), or
   * only those whose priority time has changed since it was computed (the schedule: `priority_next_at`
   * passed — a freshness point lost, a callback come due). Writes the rows whose figures or next instant
   * changed: a lead the schedule read always, so it leaves the schedule until its next instant.
   */
  async recomputeChunk(
    tenantId: string,
    settings: CampaignPrioritySettings,
    opts: { all: boolean; afterId: string | null; now: Date; limit?: number; lock?: 'wait' | 'skip' },
  ): Promise<{ scanned: number; changed: number; lastId: string | null }> {
    const limit = opts.limit ?? PRIORITY_CHUNK;
    const lock = opts.lock === 'wait' ? 'FOR UPDATE OF l' : opts.lock === 'skip' ? 'FOR UPDATE OF l SKIP LOCKED' : '';
    // Every open lead in id order (a target change: keyset on id), or the due ones in the order they came due,
    // through `leads_priority_due` — every lead the schedule reads gets a later instant, so the next chunk
    // needs no keyset. Ordered by id, the schedule's chunk was planned (tables without statistics) as a walk
    // of the campaign's leads in id order, filtered: 223 ms a chunk over the soak.
    const rows = (await (opts.all
      ? this.db.query(
          `SELECT ${PRIORITY_COLUMNS} FROM leads l
            WHERE l.tenant_id = $1 AND l.campaign_id = $2 AND l.stage = ANY($3::text[]) AND ($4::text IS NULL OR l.id > $4)
            ORDER BY l.id LIMIT $5 ${lock}`,
          [tenantId, settings.campaignId, OPEN_STAGES, opts.afterId, limit],
        )
      : this.db.query(
          `SELECT ${PRIORITY_COLUMNS} FROM leads l
            WHERE l.tenant_id = $1 AND l.campaign_id = $2 AND l.priority_next_at <= $3 AND l.stage = ANY($4::text[])
            ORDER BY l.priority_next_at LIMIT $5 ${lock}`,
          [tenantId, settings.campaignId, opts.now.toISOString(), OPEN_STAGES, limit],
        ))) as PriorityRow[];
    const nowMs = opts.now.getTime();
    const updates: { id: string; priority: number; hot: boolean; reasons: PriorityReason[]; next_at: string | null }[] = [];
    let changed = 0;
    for (const r of rows) {
      const p = computed(r, settings, nowMs);
      if (p.priority !== r.priority || p.hot !== r.hot) changed += 1;
      // Reasons compared as values: jsonb gives their keys back in its own order, not the one they were written in.
      const moved = p.priority !== r.priority || p.hot !== r.hot || !isDeepStrictEqual(p.reasons, r.priority_reasons);
      if (moved || r.priority_at === null || p.nextAt !== iso(r.priority_next_at)) updates.push({ id: r.id, priority: p.priority, hot: p.hot, reasons: p.reasons, next_at: p.nextAt });
    }
    await this.write(tenantId, updates, opts.now);
    return { scanned: rows.length, changed, lastId: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  /**
   * A whole campaign, one short transaction per chunk, its rows locked in id order like the applier locks
   * them (so the two never deadlock), and never a read-then-write race with a batch moving the same lead.
   * The schedule skips leads a batch holds (`skip`): that batch's own hook computes them. A target change
   * waits for them (`wait`): the batch may have read the old target.
   */
  static async recomputeCampaign(
    ds: DataSource,
    tenantId: string,
    settings: CampaignPrioritySettings,
    opts: { all: boolean; now: Date; lock: 'wait' | 'skip' },
  ): Promise<{ scanned: number; changed: number }> {
    let afterId: string | null = null;
    let scanned = 0;
    let changed = 0;
    do {
      const from: string | null = afterId;
      const chunk: { scanned: number; changed: number; lastId: string | null } = await ds.transaction((m) => new LeadPriorityRefresher(m).recomputeChunk(tenantId, settings, { ...opts, afterId: from }));
      scanned += chunk.scanned;
      changed += chunk.changed;
      afterId = chunk.lastId;
    } while (afterId !== null);
    return { scanned, changed };
  }

  /** One UPDATE for the set; `waiting_since` from the row's own columns, as libs/domain `waitingSince` says. */
  private async write(tenantId: string, updates: { id: string; priority: number; hot: boolean; reasons: PriorityReason[]; next_at: string | null }[], now: Date): Promise<void> {
    if (!updates.length) return;
    await this.db.query(
      `UPDATE leads l SET priority = x.priority, hot = x.hot, priority_reasons = x.reasons,
              waiting_since = greatest(l.last_event_at, l.callback_at), priority_at = $3, priority_next_at = x.next_at
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, priority smallint, hot boolean, reasons jsonb, next_at timestamptz)
        WHERE l.tenant_id = $1 AND l.id = x.id`,
      [tenantId, JSON.stringify(updates), now.toISOString()],
    );
  }
}
