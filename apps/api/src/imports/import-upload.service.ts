/**
 * Stores an uploaded list file in PostgreSQL as it arrives (chunks of ~1 MB, one transaction),
 * then queues its import job. The transaction makes every refusal (too big, empty, not text, the
 * client gone, the queue away) leave nothing behind: never half a file, never a half-import.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { BadRequestException, Inject, Injectable, Logger, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { ImportAccepted, ImportUploadQuery } from '@leadboard/contracts';
import { looksBinary } from '@leadboard/domain';
import {
  APP_CONFIG,
  IMPORT_FILE_JOB,
  IMPORTS_QUEUE,
  ImportRepository,
  QueueUnavailableError,
  importJobOptions,
  isUniqueViolation,
  type AppConfig,
  type ImportFileJob,
} from '@leadboard/server';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FileFacts } from './file-facts';
import { chunks, type UploadBody } from './upload-body';

/** Size of a stored chunk: large enough for few rows, small enough to hold one in memory. */
export const IMPORT_CHUNK_BYTES = 1024 * 1024;

/** Only BOM, spaces and line breaks. */
function isBlank(start: Buffer, size: number): boolean {
  if (size > start.length) return false;
  const text = start.subarray(start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf ? 3 : 0).toString('latin1');
  return text.trim() === '';
}

@Injectable()
export class ImportUploadService {
  private readonly logger = new Logger(ImportUploadService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly imports: ImportRepository,
    @InjectQueue(IMPORTS_QUEUE) private readonly queue: Queue<ImportFileJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async upload(tenantId: string, query: ImportUploadQuery, body: UploadBody): Promise<ImportAccepted> {
    const importId = randomUUID();
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await this.imports.create(qr, {
        id: importId,
        tenantId,
        campaignId: query.campaignId,
        source: query.source,
        fileName: body.fileName ?? query.fileName ?? null,
        mapping: query.mapping ?? null,
      });
      const facts = new FileFacts();
      const pending: Buffer[] = [];
      let pendingBytes = 0;
      let n = 0;
      let sniffed = false;
      const flush = async () => {
        if (pendingBytes === 0) return;
        await this.imports.appendChunk(qr, importId, n++, Buffer.concat(pending, pendingBytes));
        pending.length = 0;
        pendingBytes = 0;
      };
      for await (const chunk of chunks(body)) {
        facts.update(chunk);
        if (facts.size > this.config.importMaxBytes) {
          throw new PayloadTooLargeException(`the file is larger than ${this.config.importMaxBytes} bytes (IMPORT_MAX_BYTES); nothing was kept`);
        }
        if (!sniffed && facts.start.length >= 1024) {
          sniffed = true;
          if (looksBinary(facts.start)) throw new UnsupportedMediaTypeException('the file is not text (binary content: a spreadsheet, an archive, UTF-16?); export it as CSV');
        }
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= IMPORT_CHUNK_BYTES) await flush();
      }
      if (facts.size === 0 || isBlank(facts.start, facts.size)) throw new BadRequestException('the file is empty');
      if (!sniffed && looksBinary(facts.start)) throw new UnsupportedMediaTypeException('the file is not text (binary content: a spreadsheet, an archive, UTF-16?); export it as CSV');
      await flush();
      const file = facts.finish();
      const existing = await this.imports.sameFile(tenantId, query.campaignId, file.sha256);
      if (existing) {
        await qr.rollbackTransaction();
        return { importId: existing, existing: true };
      }
      try {
        await this.imports.completeUpload(qr, importId, file);
        await qr.commitTransaction();
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // The same file, uploaded at the same moment, was stored first: its import is the answer.
        await qr.rollbackTransaction().catch(() => undefined);
        const winner = await this.imports.sameFile(tenantId, query.campaignId, file.sha256);
        if (winner) return { importId: winner, existing: true };
        throw err;
      }
      await this.enqueue(tenantId, importId);
      this.logger.log(`import ${importId} stored: ${file.sizeBytes} bytes in ${n} chunk(s)`);
      return { importId, existing: false };
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  /** Stored but not queued (Redis away): the import fails at once, so uploading again starts over. */
  private async enqueue(tenantId: string, importId: string): Promise<void> {
    const add = this.queue.add(IMPORT_FILE_JOB, { tenantId, importId }, importJobOptions(importId, this.config.jobAttempts));
    add.catch(() => undefined); // a late failure after the timeout is already handled below
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('queue add timed out')), this.config.ingestQueueTimeoutMs);
    });
    try {
      await Promise.race([add, timeout]);
    } catch (err) {
      this.logger.warn(`import ${importId} not queued: ${(err as Error).message}`);
      await this.imports.fail(importId, 'the import queue was unavailable when the file was uploaded; upload it again');
      throw new QueueUnavailableError((err as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }
}
