/**
 * Runs one CSV import: reads the stored file chunk by chunk, judges its layout, turns each row
 * into a `lead.created` (the domain's row rules) and queues them through the one ingest path in
 * batches of 1,000. After each batch a checkpoint is committed; a run started again (a killed
 * worker's job retried by BullMQ) skips the batches already committed and queues the one in flight
 * again under the same job id — every row ends up applied once and counted once.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ImportEncoding, LeadCreatedEvent } from '@leadboard/contracts';
import { LAYOUT_SAMPLE_RECORDS, applyMapping, buildLeadImportRow, chooseEncoding, detectLayout, type ImportRowContext, type ImportRowResult } from '@leadboard/domain';
import {
  APP_CONFIG,
  EVENTS_QUEUE,
  EventIngestor,
  ImportRepository,
  importBatchJobId,
  openCsvRecords,
  type AppConfig,
  type CsvRecord,
  type CsvRecordStream,
  type ImportRecord,
  type IngestBatchJob,
  type RejectedRow,
} from '@leadboard/server';
import { UnrecoverableError, type Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImportProgress } from './import-progress';

/** Rows per batch: one events job, one checkpoint. */
export const IMPORT_BATCH_ROWS = 1000;

/** Another run of the same job committed this batch first (this one lost its lock): stop, write nothing. */
export class ImportSupersededError extends Error {}

/** The worker is shutting down: the job goes back to the queue and resumes from its checkpoint. */
export class ImportInterruptedError extends Error {}

export interface ImportRunResult {
  importId: string;
  rowsRead: number;
  /** Wall time of the run, and the part of it spent reading, parsing and validating rows (not queueing or committing). */
  elapsedMs: number;
  parseMs: number;
}

interface PreparedRow {
  record: CsvRecord;
  result: ImportRowResult;
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

@Injectable()
export class ImportRunner {
  private readonly logger = new Logger(ImportRunner.name);
  private stopping = false;

  constructor(
    private readonly imports: ImportRepository,
    private readonly ingestor: EventIngestor,
    @InjectQueue(EVENTS_QUEUE) private readonly events: Queue<IngestBatchJob>,
    private readonly progress: ImportProgress,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Asks running imports to stop after their current batch (worker shutdown). */
  stop(): void {
    this.stopping = true;
  }

  /** null when there is nothing to do (unknown import, or already ended). */
  async run(importId: string): Promise<ImportRunResult | null> {
    const record = await this.imports.load(importId);
    if (!record || record.state === 'done' || record.state === 'failed') return null;
    const startedAt = performance.now();
    const encoding = chooseEncoding({ bom: record.bom, validUtf8: record.validUtf8 });
    const file = await openCsvRecords(this.imports.chunks(importId), encoding);
    const records = file.records[Symbol.asyncIterator]();
    try {
      return await this.runFile(record, encoding, file, records, startedAt);
    } finally {
      // Stops the parser and the chunk reads when the run ends early (a failure, a shutdown).
      await records.return?.(undefined);
    }
  }

  private async runFile(
    record: ImportRecord,
    encoding: ImportEncoding,
    file: CsvRecordStream,
    records: AsyncIterator<CsvRecord>,
    startedAt: number,
  ): Promise<ImportRunResult> {
    const importId = record.id;
    let batchMs = 0;
    const head: CsvRecord[] = [];
    while (head.length < LAYOUT_SAMPLE_RECORDS) {
      const next = await records.next();
      if (next.done) break;
      head.push(next.value);
    }
    const { plan, unknownKeys } = applyMapping(detectLayout(head.map((r) => r.cells)), record.mapping ?? undefined);
    if (unknownKeys.length > 0) throw new UnrecoverableError(`the mapping names columns the file does not have: ${unknownKeys.join(', ')}`);
    await this.imports.markRunning(importId, {
      encoding,
      delimiter: file.delimiter,
      layout: plan.layout,
      header: plan.hasHeader ? (head[0]?.cells ?? null) : null,
    });
    await this.progress.push(importId);

    const ctx: ImportRowContext = {
      tenantId: record.tenantId,
      campaignId: record.campaignId,
      source: record.source,
      fileSha256: record.sha256,
      occurredAt: record.createdAt.toISOString(),
      defaultCountry: record.defaultCountry,
      sha256Hex,
    };
    const alreadyDone = record.checkpoint.batchesDone * IMPORT_BATCH_ROWS;
    if (alreadyDone > 0) this.logger.log(`import ${importId} resumes after ${alreadyDone} rows (batch ${record.checkpoint.batchesDone})`);
    let batchNo = record.checkpoint.batchesDone;
    let dataRows = 0;
    let batch: PreparedRow[] = [];
    let header = plan.hasHeader;
    async function* all(): AsyncGenerator<CsvRecord> {
      yield* head;
      for (;;) {
        const next = await records.next();
        if (next.done) return;
        yield next.value;
      }
    }
    const commit = async (rows: PreparedRow[], rowsRead: number, unreadable: RejectedRow[]) => {
      const t = performance.now();
      await this.commitBatch(record, batchNo, rowsRead, rows, unreadable);
      batchNo++;
      batchMs += performance.now() - t;
    };

    for await (const rec of all()) {
      if (header) {
        header = false;
        continue;
      }
      dataRows++;
      // Committed by an earlier run: read past them without building anything.
      if (dataRows <= alreadyDone) continue;
      batch.push({ record: rec, result: buildLeadImportRow(rec.cells, rec.line, plan, ctx) });
      if (batch.length === IMPORT_BATCH_ROWS) {
        await commit(batch, dataRows, []);
        batch = [];
        if (this.stopping) throw new ImportInterruptedError('the worker is shutting down');
      }
    }
    // Records the parser could not read (an unclosed quote at the end) are rejected with the last batch.
    const unreadable: RejectedRow[] = file.skipped.map((s) => ({ row: s.line, column: null, message: `the row could not be read: ${s.message}`, cells: [] }));
    const batches = Math.ceil(dataRows / IMPORT_BATCH_ROWS) + (dataRows % IMPORT_BATCH_ROWS === 0 && unreadable.length > 0 ? 1 : 0);
    const rowsRead = dataRows + unreadable.length;
    if (batchNo < batches) await commit(batch, rowsRead, unreadable);

    await this.imports.finish(importId, rowsRead);
    await this.progress.push(importId, true);
    const elapsedMs = performance.now() - startedAt;
    return { importId, rowsRead, elapsedMs, parseMs: elapsedMs - batchMs };
  }

  /** Queues a batch's events and commits its checkpoint (see ImportRepository.checkpoint). */
  private async commitBatch(record: ImportRecord, batchNo: number, rowsRead: number, rows: PreparedRow[], unreadable: RejectedRow[]): Promise<void> {
    const accepted: { event: LeadCreatedEvent; row: number }[] = [];
    const rejected: RejectedRow[] = [];
    for (const r of rows) {
      if (r.result.ok) accepted.push({ event: r.result.event, row: r.record.line });
      else rejected.push({ ...r.result.error, cells: r.record.cells });
    }
    rejected.push(...unreadable);

    const pending = record.checkpoint;
    let knownRows: number[] = [];
    if (pending.pendingBatch === batchNo && pending.pendingKnownRows) {
      // This batch was queued by a run that died before its checkpoint: its events may be applied by now, yet they were new then.
      knownRows = pending.pendingKnownRows;
    } else if (record.fileSeenBefore) {
      const known = await this.imports.knownEventIds(record.tenantId, accepted.map((a) => a.event.eventId));
      knownRows = accepted.filter((a) => known.has(a.event.eventId)).map((a) => a.row);
      await this.imports.setPending(record.id, batchNo, knownRows);
    }
    // Else no other import of these bytes exists: none of its event ids can be stored but this import's own.

    if (accepted.length > 0) {
      await this.waitForRoom();
      await this.ingestor.enqueue(
        record.tenantId,
        accepted.map((a) => a.event),
        // The import counts its own duplicates (see ImportRepository.checkpoint).
        { source: { kind: 'csv' }, jobId: importBatchJobId(record.id, batchNo), dropWhenCompleted: true, skipDuplicateCount: true },
      );
    }
    const duplicates = await this.imports.checkpoint(record.id, {
      batchNo,
      rowsRead,
      accepted: accepted.map((a) => ({ leadId: a.event.leadId, row: a.row })),
      rejected,
      knownRows,
    });
    if (duplicates === null) throw new ImportSupersededError(`import ${record.id}: batch ${batchNo} was committed by another run`);
    await this.progress.maybePush(record.id);
  }

  /**
   * Waits while the events queue holds many waiting batches: a big list must not push the
   * dialers' live events behind thousands of its own jobs (nor fill Redis).
   */
  private async waitForRoom(): Promise<void> {
    while ((await this.events.getWaitingCount()) >= this.config.importMaxWaitingBatches) {
      await sleep(100);
    }
  }
}
