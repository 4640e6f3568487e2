/**
 * Every BullMQ queue of the application: Bull Board shows it at /admin/queues and /metrics counts its
 * jobs. Adding a queue is one line here (the queue must be registered in the API with
 * `BullModule.registerQueue`, as producers are).
 */
import { EVENTS_QUEUE } from '@leadboard/server';

export const MONITORED_QUEUES: readonly string[] = [EVENTS_QUEUE];
