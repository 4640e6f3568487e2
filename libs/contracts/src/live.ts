/** The socket.io live channel (contract.md, "Live channel"): namespace, messages and their payloads. */
import type { AccountMessage } from './accounts';
import type { AlertMessage, AlertView } from './alerts';
import type { CampaignMetrics, OperatorView, TransitionView } from './api';
import type { ImportProgressMessage } from './imports';
import type { ReassignedMessage } from './reassignment';

export const LIVE_NAMESPACE = '/live';

export type SubscribeRequest = { campaignId: string } | { tenant: true };
export type SubscribeAck = { ok: true; campaignIds: string[] } | { ok: false; error: string };

export interface SnapshotMessage {
  campaignId: string;
  seq: number;
  metrics: CampaignMetrics;
  operators: OperatorView[];
  alerts: AlertView[];
  /** The latest transitions, newest first. */
  recentTransitions: TransitionView[];
}

export interface TransitionMessage extends TransitionView {
  seq: number;
  /** True when a late event rewrote this lead's history (the lead's stage was corrected). */
  correction: boolean;
}

export interface MetricsMessage {
  campaignId: string;
  seq: number;
  metrics: CampaignMetrics;
}

export interface OperatorMessage extends OperatorView {
  campaignId: string | null;
  seq: number;
}

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
