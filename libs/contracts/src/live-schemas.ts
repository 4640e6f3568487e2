/**
 * Runtime schemas of the live channel's messages (contract.md, "Live channel"): every server → client
 * message and the client's `subscribe`. The message types of live.ts are inferred from these, or
 * checked equal to the types defined beside their REST shapes (alerts, reassignments, imports), so one
 * definition holds. Kept apart from live.ts, whose constants the dashboard reads: importing those
 * must not build a zod schema (docs/ARCHITECTURE.md, libs/contracts).
 */
import { z } from 'zod';
import { alertViewSchema, type AlertMessage } from './alerts';
import { campaignMetricsSchema, operatorViewSchema, transitionViewSchema } from './api';
import { idSchema } from './events';
import { importSummarySchema, type ImportProgressMessage } from './imports';
import type { LiveMessage, LiveServerEvents } from './live';
import { AUDIT_ACTIONS, type ReassignedMessage } from './reassignment';
import { timestampSchema } from './shapes';
import type { QueueChangedMessage } from './priority-vocabulary';
import type { AccountMessage } from './accounts';
import { ACCOUNT_STAGES } from './stages';

const seqSchema = z.number().int().min(0);

export const subscribeRequestSchema = z.union([z.object({ campaignId: idSchema }), z.object({ tenant: z.literal(true) })]);
export const unsubscribeRequestSchema = z.object({ campaignId: idSchema });
export const subscribeAckSchema = z.union([
  z.object({ ok: z.literal(true), campaignIds: z.array(z.string()) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export const transitionMessageSchema = transitionViewSchema.extend({
  seq: seqSchema,
  /** True when a late event rewrote this lead's history (the lead's stage was corrected). */
  correction: z.boolean(),
});

export const metricsMessageSchema = z.object({ campaignId: z.string(), seq: seqSchema, metrics: campaignMetricsSchema });

export const operatorMessageSchema = operatorViewSchema.extend({ campaignId: z.string().nullable(), seq: seqSchema });

export const alertMessageSchema = alertViewSchema.extend({ seq: seqSchema });

export const reassignedMessageSchema = z.object({
  campaignId: z.string(),
  seq: seqSchema,
  action: z.enum(AUDIT_ACTIONS),
  moves: z.array(z.object({ leadId: z.string(), fromOperatorId: z.string().nullable() })),
  toOperatorId: z.string().nullable(),
  reason: z.string(),
  by: z.object({ kind: z.enum(['user', 'system']), email: z.string().nullable() }),
  at: timestampSchema,
  operators: z.array(operatorViewSchema),
});

export const importProgressMessageSchema = importSummarySchema;

export const snapshotMessageSchema = z.object({
  campaignId: z.string(),
  seq: seqSchema,
  metrics: campaignMetricsSchema,
  operators: z.array(operatorViewSchema),
  alerts: z.array(alertViewSchema),
  /** The latest transitions, newest first. */
  recentTransitions: z.array(transitionViewSchema),
});

/** A campaign's hot-lead queue was reordered (no personal data: counts and a cause only). */
export const queueChangedMessageSchema = z.object({
  campaignId: z.string(),
  cause: z.enum(['target', 'schedule']),
  changed: z.number().int().nonnegative(),
  at: z.string(),
});

/** A B2B account changed stage (a company, no person: wall screens get it whole). */
export const accountMessageSchema = z.object({
  campaignId: z.string(),
  seq: z.number().int(),
  accountId: z.string(),
  name: z.string(),
  from: z.enum(ACCOUNT_STAGES).nullable(),
  to: z.enum(ACCOUNT_STAGES),
  at: z.string(),
  leadId: z.string(),
});

export type SubscribeRequest = z.output<typeof subscribeRequestSchema>;
export type SubscribeAck = z.output<typeof subscribeAckSchema>;
export type SnapshotMessage = z.output<typeof snapshotMessageSchema>;
export type TransitionMessage = z.output<typeof transitionMessageSchema>;
export type MetricsMessage = z.output<typeof metricsMessageSchema>;
export type OperatorMessage = z.output<typeof operatorMessageSchema>;

/** One schema per server → client event: a new event in LiveServerEvents without one does not compile. */
export const liveMessageSchemas: { [E in keyof LiveServerEvents]: z.ZodType<LiveMessage<E>> } = {
  snapshot: snapshotMessageSchema,
  transition: transitionMessageSchema,
  metrics: metricsMessageSchema,
  operator: operatorMessageSchema,
  alert: alertMessageSchema,
  reassigned: reassignedMessageSchema,
  import: importProgressMessageSchema,
  queue: queueChangedMessageSchema,
  account: accountMessageSchema,
};

/**
 * What a wall screen may receive: the same messages with every field that names or quotes a person
 * emptied (libs/domain's forWallScreen). The tests hold real wall-room messages to these.
 */
const noAcknowledger = { acknowledgedBy: z.null() };
export const wallScreenMessageSchemas: { [E in keyof LiveServerEvents]: z.ZodType<LiveMessage<E>> } = {
  ...liveMessageSchemas,
  alert: alertMessageSchema.extend(noAcknowledger),
  reassigned: reassignedMessageSchema.extend({ reason: z.literal(''), by: z.object({ kind: z.enum(['user', 'system']), email: z.null() }) }),
  snapshot: snapshotMessageSchema.extend({ alerts: z.array(alertViewSchema.extend(noAcknowledger)) }),
};

/** The types written beside their REST shapes must stay what these schemas accept, both ways. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [
  Same<AlertMessage, z.output<typeof alertMessageSchema>>,
  Same<ReassignedMessage, z.output<typeof reassignedMessageSchema>>,
  Same<ImportProgressMessage, z.output<typeof importProgressMessageSchema>>,
  Same<QueueChangedMessage, z.output<typeof queueChangedMessageSchema>>,
  Same<AccountMessage, z.output<typeof accountMessageSchema>>,
] = [true, true, true, true, true];
void sameShapes;
