/**
 * BullMQ worker options for a `@Processor` decorator. They are fixed when the class is decorated, so
 * they are read from the environment here; a bad environment is reported by main.ts, which validates
 * it before anything else runs (hence the empty options on a config error).
 */
import { loadAppConfig, type AppConfig } from '@leadboard/server';
import type { WorkerOptions } from 'bullmq';

type ProcessorOptions = Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>;

export function processorOptions(pick: (config: AppConfig) => ProcessorOptions = (c) => ({ concurrency: c.workerConcurrency })): ProcessorOptions {
  try {
    const c = loadAppConfig();
    return { lockDuration: c.workerLockMs, stalledInterval: c.workerLockMs, ...pick(c) };
  } catch {
    return {};
  }
}
