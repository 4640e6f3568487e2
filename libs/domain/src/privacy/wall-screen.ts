/**
 * Wall screens are read from across the room by anyone passing by: they get no personal data at all,
 * staff included. Users get every message whole; a wall screen gets the same message without the
 * fields that name a person or quote one (who acknowledged an alert, who moved leads and why).
 */
import { liveAudiences, type AlertView, type LiveMessage, type LiveServerEvents, type ReassignedMessage, type SnapshotMessage } from '@leadboard/contracts';

export function alertForWallScreen<A extends AlertView>(alert: A): A {
  return alert.acknowledgedBy === null ? alert : { ...alert, acknowledgedBy: null };
}

export function reassignedForWallScreen(msg: ReassignedMessage): ReassignedMessage {
  return { ...msg, reason: '', by: { kind: msg.by.kind, email: null } };
}

export function snapshotForWallScreen(msg: SnapshotMessage): SnapshotMessage {
  return { ...msg, alerts: msg.alerts.map(alertForWallScreen) };
}

/** The wall screen's copy of a live message (the same object when nothing in it is personal). */
export function forWallScreen<E extends keyof LiveServerEvents>(event: E, msg: LiveMessage<E>): LiveMessage<E> {
  switch (event) {
    case 'alert':
      return alertForWallScreen(msg as LiveMessage<'alert'>) as LiveMessage<E>;
    case 'reassigned':
      return reassignedForWallScreen(msg as ReassignedMessage) as LiveMessage<E>;
    case 'snapshot':
      return snapshotForWallScreen(msg as SnapshotMessage) as LiveMessage<E>;
    default:
      return msg;
  }
}

/**
 * How a message about one campaign is delivered: one emit to users' and wall screens' rooms when it
 * holds nothing personal, else the whole message to users' rooms and the wall copy to theirs.
 */
export function liveDeliveries<E extends keyof LiveServerEvents>(
  tenantId: string,
  campaignId: string,
  event: E,
  msg: LiveMessage<E>,
): { rooms: string[]; msg: LiveMessage<E> }[] {
  const { users, walls } = liveAudiences(tenantId, campaignId);
  const wallCopy = forWallScreen(event, msg);
  return wallCopy === msg ? [{ rooms: [...users, ...walls], msg }] : [{ rooms: users, msg }, { rooms: walls, msg: wallCopy }];
}
