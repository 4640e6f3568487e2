/** The socket.io live channel (contract.md, "Live channel"): namespace, messages and their payloads. */
import type { AccountMessage } from './accounts';
import type { AlertMessage } from './alerts';
import type { ImportProgressMessage } from './imports';
import type { MetricsMessage, OperatorMessage, SnapshotMessage, SubscribeAck, SubscribeRequest, TransitionMessage } from './live-schemas';
import type { QueueChangedMessage } from './priority-vocabulary';
import type { ReassignedMessage } from './reassignment';

export const LIVE_NAMESPACE = '/live';

/** The message types are inferred from their runtime schemas (live-schemas.ts), imported as types only. */
export type { MetricsMessage, OperatorMessage, SnapshotMessage, SubscribeAck, SubscribeRequest, TransitionMessage };

/** Server → client events, one typed map for the gateway, the worker's emitter and the dashboard. */
export interface LiveServerEvents {
  snapshot: (msg: SnapshotMessage) => void;
  transition: (msg: TransitionMessage) => void;
  metrics: (msg: MetricsMessage) => void;
  operator: (msg: OperatorMessage) => void;
  alert: (msg: AlertMessage) => void;
  reassigned: (msg: ReassignedMessage) => void;
  /** A B2B account changed stage (company name and lead id only: wall screens may have it). */
  account: (msg: AccountMessage) => void;
  /** A CSV import's progress, to the tenant's room (no personal data). */
  import: (msg: ImportProgressMessage) => void;
  /** A campaign's hot-lead queue was reordered by a target change or the freshness schedule (no personal data). */
  queue: (msg: QueueChangedMessage) => void;
}

export interface LiveClientEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: { campaignId: string }) => void;
}

/** The payload of a server → client message. */
export type LiveMessage<E extends keyof LiveServerEvents> = Parameters<LiveServerEvents[E]>[0];

/**
 * socket.io room names, shared by the API gateway (joins) and the worker (emits). Users and wall
 * screens are in rooms of their own, so a message that names people (who acknowledged an alert, why
 * leads were moved) reaches users whole and wall screens without those fields.
 */
export const liveRooms = {
  campaign: (tenantId: string, campaignId: string) => `t:${tenantId}:c:${campaignId}`,
  tenant: (tenantId: string) => `t:${tenantId}`,
  wallCampaign: (tenantId: string, campaignId: string) => `w:${tenantId}:c:${campaignId}`,
  wallTenant: (tenantId: string) => `w:${tenantId}`,
};

/** Where a message about one campaign goes: the users' rooms and the wall screens' rooms. */
export function liveAudiences(tenantId: string, campaignId: string): { users: string[]; walls: string[] } {
  return {
    users: [liveRooms.campaign(tenantId, campaignId), liveRooms.tenant(tenantId)],
    walls: [liveRooms.wallCampaign(tenantId, campaignId), liveRooms.wallTenant(tenantId)],
  };
}
