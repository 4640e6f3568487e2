/**
 * Every SQL statement about CSV imports, for the API (upload, reads) and the worker (the job's
 * chunks, checkpoints, end). Tenant-facing reads always name the tenant.
 */
import { Injectable } from '@nestjs/common';
import {
  MAX_IMPORT_ERRORS_SHOWN,
  type ImportDelimiter,
  type ImportEncoding,
  type ImportLayout,
  type ImportMapping,
  type ImportRowError,
  type ImportState,
  type ImportSummary,
  type ImportView,
  type LeadSource,
} from '@leadboard/contracts';
import { DataSource, type QueryRunner } from 'typeorm';
import { returnedRows } from '../database/data-source';

interface ImportRow {
  id: string;
  tenant_id: string;
  campaign_id: string;
  source: LeadSource;
  file_name: string | null;
  mapping: ImportMapping | null;
  size_bytes: string;
  sha256: string | null;
  bom: boolean;
  valid_utf8: boolean;
  state: ImportState;
  encoding: ImportEncoding | null;
  delimiter: ImportDelimiter | null;
  layout: ImportLayout | null;
  header: string[] | null;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  duplicates: number;
  batches_done: number;
  pending_batch: number | null;
  pending_known_rows: number[] | null;
  failure: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  default_country?: string;
  file_seen_before?: boolean;
}

/** What the job needs to (re)start: the import, its checkpoint, and the tenant's default country. */
export interface ImportRecord {
  id: string;
  tenantId: string;
  campaignId: string;
  source: LeadSource;
  mapping: ImportMapping | null;
  sha256: string;
  bom: boolean;
  validUtf8: boolean;
  state: ImportState;
  createdAt: Date;
  defaultCountry: string;
  /**
   * Another import of the same bytes exists in the tenant (a failed one, another campaign's): only
   * then can this file's event ids be stored already, and a batch's known events be worth a query.
   */
  fileSeenBefore: boolean;
  checkpoint: {
    rowsRead: number;
    batchesDone: number;
    pendingBatch: number | null;
    pendingKnownRows: number[] | null;
  };
}

export interface NewImport {
  id: string;
  tenantId: string;
  campaignId: string;
  source: LeadSource;
  fileName: string | null;
  mapping: ImportMapping | null;
}

export interface UploadedFile {
  sha256: string;
  sizeBytes: number;
  bom: boolean;
  validUtf8: boolean;
}

export interface RejectedRow extends ImportRowError {
  cells: string[];
}

/** One batch's outcome, committed at once: the checkpoint a resumed job starts from. */
export interface ImportBatchCheckpoint {
  batchNo: number;
  /** Data rows read so far, this batch included. */
  rowsRead: number;
  /** Lead id and row of each accepted row, in file order. */
  accepted: { leadId: string; row: number }[];
  rejected: RejectedRow[];
  /** Rows whose event was already stored when the batch was prepared. */
  knownRows: number[];
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toSummary(r: ImportRow): ImportSummary {
  return {
    id: r.id,
    state: r.state,
    fileName: r.file_name,
    campaignId: r.campaign_id,
    source: r.source,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256 ?? '',
    encoding: r.encoding,
    delimiter: r.delimiter,
    layout: r.layout,
    rowsRead: r.rows_read,
    rowsAccepted: r.rows_accepted,
    rowsRejected: r.rows_rejected,
    duplicates: r.duplicates,
    failure: r.failure,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** PostgreSQL's unique_violation: a concurrent upload of the same file won. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

@Injectable()
export class ImportRepository {
  constructor(private readonly ds: DataSource) {}

  // --- upload (inside the API's transaction) ---

  async create(qr: QueryRunner, i: NewImport): Promise<void> {
    await qr.query(`INSERT INTO imports (id, tenant_id, campaign_id, source, file_name, mapping) VALUES ($1, $2, $3, $4, $5, $6)`, [
      i.id,
      i.tenantId,
      i.campaignId,
      i.source,
      i.fileName,
      i.mapping ? JSON.stringify(i.mapping) : null,
    ]);
  }

  async appendChunk(qr: QueryRunner, importId: string, n: number, data: Buffer): Promise<void> {
    await qr.query(`INSERT INTO import_chunks (import_id, tenant_id, n, data) VALUES ($1, (SELECT tenant_id FROM imports WHERE id = $1), $2, $3)`, [importId, n, data]);
  }

  /** Records the file's facts; throws a unique violation when the same file's import exists (see `sameFile`). */
  async completeUpload(qr: QueryRunner, importId: string, f: UploadedFile): Promise<void> {
    await qr.query(`UPDATE imports SET sha256 = $2, size_bytes = $3, bom = $4, valid_utf8 = $5, updated_at = now() WHERE id = $1`, [
      importId,
      f.sha256,
      f.sizeBytes,
      f.bom,
      f.validUtf8,
    ]);
  }

  /** The import of the same file for the same campaign, unless it failed (a failed one may be tried again). */
  async sameFile(tenantId: string, campaignId: string, sha256: string): Promise<string | null> {
    const rows = (await this.ds.query(
      `SELECT id FROM imports WHERE tenant_id = $1 AND campaign_id = $2 AND sha256 = $3 AND state <> 'failed' LIMIT 1`,
      [tenantId, campaignId, sha256],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** Queued imports with no job (the API stopped between storing and queueing): for the recovery sweep. */
  async queuedBefore(tenantId: string, before: Date): Promise<{ id: string; tenantId: string }[]> {
    const rows = (await this.ds.query(`SELECT id, tenant_id FROM imports WHERE tenant_id = $1 AND state = 'queued' AND created_at < $2 ORDER BY created_at LIMIT 100`, [
      tenantId,
      before.toISOString(),
    ])) as { id: string; tenant_id: string }[];
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }));
  }

  // --- reads (API) ---

  async list(tenantId: string, limit = 100): Promise<ImportSummary[]> {
    const rows = (await this.ds.query(
      `SELECT * FROM imports WHERE tenant_id = $1 AND sha256 IS NOT NULL ORDER BY created_at DESC, id LIMIT $2`,
      [tenantId, limit],
    )) as ImportRow[];
    return rows.map(toSummary);
  }

  async summary(tenantId: string, importId: string): Promise<ImportSummary | null> {
    const rows = (await this.ds.query(`SELECT * FROM imports WHERE tenant_id = $1 AND id = $2`, [tenantId, importId])) as ImportRow[];
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async view(tenantId: string, importId: string): Promise<ImportView | null> {
    const summary = await this.summary(tenantId, importId);
    if (!summary) return null;
    const errors = (await this.ds.query(
      `SELECT row_no, column_name, message FROM import_rejected_rows WHERE import_id = $1 ORDER BY row_no LIMIT $2`,
      [importId, MAX_IMPORT_ERRORS_SHOWN],
    )) as { row_no: number; column_name: string | null; message: string }[];
    return { ...summary, errors: errors.map((e) => ({ row: e.row_no, column: e.column_name, message: e.message })) };
  }

  /** The detected delimiter and header of an import (for rejected.csv). */
  async shape(tenantId: string, importId: string): Promise<{ delimiter: ImportDelimiter | null; header: string[] | null } | null> {
    const rows = (await this.ds.query(`SELECT delimiter, header FROM imports WHERE tenant_id = $1 AND id = $2`, [tenantId, importId])) as {
      delimiter: ImportDelimiter | null;
      header: string[] | null;
    }[];
    return rows[0] ?? null;
  }

  /** The rejected rows in row order, a page at a time (a file may reject many). */
  async *rejectedRows(importId: string, pageSize = 1000): AsyncGenerator<RejectedRow> {
    let after = -1;
    for (;;) {
      const page = (await this.ds.query(
        `SELECT row_no, column_name, message, cells FROM import_rejected_rows WHERE import_id = $1 AND row_no > $2 ORDER BY row_no LIMIT $3`,
        [importId, after, pageSize],
      )) as { row_no: number; column_name: string | null; message: string; cells: string[] }[];
      for (const r of page) yield { row: r.row_no, column: r.column_name, message: r.message, cells: r.cells };
      if (page.length < pageSize) return;
      after = page[page.length - 1].row_no;
    }
  }

  // --- the job (worker) ---

  async load(importId: string): Promise<ImportRecord | null> {
    const rows = (await this.ds.query(
      `SELECT i.*, t.default_country,
              EXISTS (SELECT 1 FROM imports o WHERE o.tenant_id = i.tenant_id AND o.sha256 = i.sha256 AND o.id <> i.id) AS file_seen_before
         FROM imports i JOIN tenants t ON t.id = i.tenant_id WHERE i.id = $1 AND i.sha256 IS NOT NULL`,
      [importId],
    )) as ImportRow[];
    const r = rows[0];
    if (!r || r.sha256 === null) return null;
    return {
      id: r.id,
      tenantId: r.tenant_id,
      campaignId: r.campaign_id,
      source: r.source,
      mapping: r.mapping,
      sha256: r.sha256,
      bom: r.bom,
      validUtf8: r.valid_utf8,
      state: r.state,
      createdAt: new Date(r.created_at),
      defaultCountry: r.default_country ?? 'IT',
      fileSeenBefore: r.file_seen_before === true,
      checkpoint: { rowsRead: r.rows_read, batchesDone: r.batches_done, pendingBatch: r.pending_batch, pendingKnownRows: r.pending_known_rows },
    };
  }

  /** The file's bytes, chunk after chunk: one ~1 MB chunk in memory at a time. */
  async *chunks(importId: string): AsyncGenerator<Buffer> {
    for (let n = 0; ; n++) {
      const rows = (await this.ds.query(`SELECT data FROM import_chunks WHERE import_id = $1 AND n = $2`, [importId, n])) as { data: Buffer }[];
      if (rows.length === 0) return;
      yield rows[0].data;
    }
  }

  async markRunning(
    importId: string,
    detected: { encoding: ImportEncoding; delimiter: ImportDelimiter; layout: ImportLayout; header: string[] | null },
  ): Promise<void> {
    await this.ds.query(
      `UPDATE imports SET state = 'running', started_at = coalesce(started_at, now()), encoding = $2, delimiter = $3, layout = $4, header = $5, updated_at = now()
        WHERE id = $1 AND state IN ('queued', 'running')`,
      [importId, detected.encoding, detected.delimiter, detected.layout, detected.header],
    );
  }

  /** Event ids of a batch already stored (before the batch is queued). */
  async knownEventIds(tenantId: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    // One primary-key probe per id (see EventIngestor's duplicate lookup for why not `event_id = ANY(…)`).
    const rows = (await this.ds.query(
      `SELECT e.event_id FROM unnest($2::text[]) AS x(id) CROSS JOIN LATERAL (SELECT event_id FROM events WHERE tenant_id = $1 AND event_id = x.id LIMIT 1) e`,
      [tenantId, eventIds],
    )) as {
      event_id: string;
    }[];
    return new Set(rows.map((r) => r.event_id));
  }

  /**
   * Remembers which rows of the batch about to be queued were already known, so a run resumed
   * after the batch was queued (its events maybe applied since) counts them the same.
   */
  async setPending(importId: string, batchNo: number, knownRows: number[]): Promise<void> {
    await this.ds.query(`UPDATE imports SET pending_batch = $2, pending_known_rows = $3, updated_at = now() WHERE id = $1`, [importId, batchNo, knownRows]);
  }

  /**
   * Commits a batch: counters, rejected rows and lead ids in one transaction. Answers the
   * duplicates it counted, or null when the checkpoint had already moved (another run of the same
   * job got there first: nothing is written).
   */
  async checkpoint(importId: string, c: ImportBatchCheckpoint): Promise<number | null> {
    return this.ds.transaction(async (m) => {
      const moved = returnedRows<{ id: string }>(
        await m.query(
          `UPDATE imports SET rows_read = $3, rows_accepted = rows_accepted + $4, rows_rejected = rows_rejected + $5,
                  batches_done = $2 + 1, pending_batch = NULL, pending_known_rows = NULL, updated_at = now()
            WHERE id = $1 AND batches_done = $2 AND state = 'running' RETURNING id`,
          [importId, c.batchNo, c.rowsRead, c.accepted.length, c.rejected.length],
        ),
      );
      if (moved.length === 0) return null;
      let duplicates = 0;
      if (c.accepted.length > 0) {
        const inserted = (await m.query(
          `INSERT INTO import_lead_ids (import_id, tenant_id, lead_id) SELECT $1, (SELECT tenant_id FROM imports WHERE id = $1), unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING lead_id`,
          [importId, c.accepted.map((a) => a.leadId)],
        )) as { lead_id: string }[];
        // A lead id inserted now is new to the file at its first row in this batch; every other row of it repeats.
        const firstSeen = new Set(inserted.map((r) => r.lead_id));
        const known = new Set(c.knownRows);
        for (const a of c.accepted) {
          const first = firstSeen.delete(a.leadId);
          if (!first || known.has(a.row)) duplicates++;
        }
        if (duplicates > 0) await m.query(`UPDATE imports SET duplicates = duplicates + $2 WHERE id = $1`, [importId, duplicates]);
      }
      if (c.rejected.length > 0) {
        await m.query(
          `INSERT INTO import_rejected_rows (import_id, tenant_id, row_no, column_name, message, cells)
           SELECT $1, (SELECT tenant_id FROM imports WHERE id = $1), r.row_no, r.column_name, r.message, ARRAY(SELECT jsonb_array_elements_text(r.cells))
             FROM jsonb_to_recordset($2::jsonb) AS r(row_no int, column_name text, message text, cells jsonb)
           ON CONFLICT DO NOTHING`,
          [importId, JSON.stringify(c.rejected.map((r) => ({ row_no: r.row, column_name: r.column ?? null, message: r.message, cells: r.cells })))],
        );
      }
      return duplicates;
    });
  }

  /** Done: the file's chunks and the lead-id scratch table go; the rejected rows stay for download. */
  async finish(importId: string, rowsRead: number): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE imports SET state = 'done', rows_read = $2, finished_at = now(), updated_at = now() WHERE id = $1 AND state = 'running'`, [
        importId,
        rowsRead,
      ]);
      await m.query(`DELETE FROM import_chunks WHERE import_id = $1`, [importId]);
    });
    await this.ds.query(`DELETE FROM import_lead_ids WHERE import_id = $1`, [importId]);
  }

  /** Failed: the reason (no personal data) is kept, the file is not. */
  async fail(importId: string, reason: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE imports SET state = 'failed', failure = $2, finished_at = now(), updated_at = now() WHERE id = $1 AND state <> 'done'`, [
        importId,
        reason.slice(0, 500),
      ]);
      await m.query(`DELETE FROM import_chunks WHERE import_id = $1`, [importId]);
    });
    await this.ds.query(`DELETE FROM import_lead_ids WHERE import_id = $1`, [importId]);
  }

  /** The summary pushed live (no tenant check: the worker pushes to the import's own tenant). */
  async summaryById(importId: string): Promise<{ tenantId: string; summary: ImportSummary } | null> {
    const rows = (await this.ds.query(`SELECT * FROM imports WHERE id = $1`, [importId])) as ImportRow[];
    return rows[0] ? { tenantId: rows[0].tenant_id, summary: toSummary(rows[0]) } : null;
  }
}
