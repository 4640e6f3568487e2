/** The queue of CSV imports (one job per uploaded file): its name, job name, payload and options. */
import type { JobsOptions } from 'bullmq';

export const IMPORTS_QUEUE = 'imports';
export const IMPORT_FILE_JOB = 'import-file';

export interface ImportFileJob {
  tenantId: string;
  importId: string;
}

/**
 * One job per import, so adding it again (the recovery sweep) is harmless while BullMQ holds it.
 * (BullMQ refuses custom ids with one `:`; two, as in the batch ids below, are allowed.)
 */
export function importJobId(importId: string): string {
  return `import-${importId}`;
}

/** The events job of one batch of an import: a resumed import queues the same batch under the same id. */
export function importBatchJobId(importId: string, batchNo: number): string {
  return `import:${importId}:${batchNo}`;
}

export function importJobOptions(importId: string, attempts: number): JobsOptions {
  return {
    jobId: importJobId(importId),
    attempts,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
  };
}
