import type { AlertMessage, ReassignedMessage, SnapshotMessage, TransitionMessage } from '@leadboard/contracts';
import { liveMessageSchemas, wallScreenMessageSchemas } from '@leadboard/contracts';
import { forWallScreen, liveDeliveries } from './wall-screen';

const alert: AlertMessage = {
  id: 'a-1', campaignId: 'c', rule: 'dnc_violation', severity: 'critical', state: 'acknowledged', message: 'call to dnc lead L-1',
  messageKey: 'alerts.dnc_violation.call', params: { leadId: 'L-1' }, value: null, threshold: 0, raisedAt: '2026-11-23T09:00:00Z',
  acknowledgedAt: '2026-11-23T09:01:00Z', acknowledgedBy: 'giulia@example.it', resolvedAt: null, seq: 4,
};
const reassigned: ReassignedMessage = {
  campaignId: 'c', seq: 5, action: 'reassigned', moves: [{ leadId: 'L-1', fromOperatorId: 'op-1' }], toOperatorId: 'op-2',
  reason: 'Maria Rossi asked for Marco', by: { kind: 'user', email: 'giulia@example.it' }, at: '2026-11-23T09:02:00Z', operators: [],
};

describe('forWallScreen', () => {
  it('removes who acknowledged an alert', () => {
    expect(forWallScreen('alert', alert)).toEqual({ ...alert, acknowledgedBy: null });
  });

  it('removes who moved leads and the free-text reason', () => {
    const out = forWallScreen('reassigned', reassigned);
    expect(out).toEqual({ ...reassigned, reason: '', by: { kind: 'user', email: null } });
    expect(JSON.stringify(out)).not.toMatch(/@|Maria/);
  });

  it('removes acknowledgers from a snapshot’s alerts', () => {
    const snapshot = { campaignId: 'c', seq: 5, alerts: [alert], operators: [], recentTransitions: [] } as unknown as SnapshotMessage;
    expect(JSON.stringify(forWallScreen('snapshot', snapshot))).not.toContain('@');
  });

  it('passes messages with nothing personal through as they are', () => {
    const t = { leadId: 'L-1', campaignId: 'c', from: 'new', to: 'contacted', at: '', operatorId: 'op-1', cause: 'NI', eventId: 'e', seq: 1, correction: false } as TransitionMessage;
    expect(forWallScreen('transition', t)).toBe(t);
    const raised = { ...alert, acknowledgedBy: null };
    expect(forWallScreen('alert', raised)).toBe(raised);
  });
});

describe('liveDeliveries', () => {
  it('sends a message with nothing personal once, to users’ and wall screens’ rooms', () => {
    const raised = { ...alert, acknowledgedBy: null };
    expect(liveDeliveries('t', 'c', 'alert', raised)).toEqual([{ rooms: ['t:t:c:c', 't:t', 'w:t:c:c', 'w:t'], msg: raised }]);
  });

  it('sends users the whole message and wall screens their copy', () => {
    expect(liveDeliveries('t', 'c', 'reassigned', reassigned)).toEqual([
      { rooms: ['t:t:c:c', 't:t'], msg: reassigned },
      { rooms: ['w:t:c:c', 'w:t'], msg: { ...reassigned, reason: '', by: { kind: 'user', email: null } } },
    ]);
  });
});

describe('wall screens’ copies against the live channel’s schemas', () => {
  it('are valid messages with every personal field emptied, while users’ copies still carry them', () => {
    for (const [event, msg] of [['alert', alert], ['reassigned', reassigned]] as const) {
      const [users, walls] = liveDeliveries('t', 'c', event, msg);
      expect(liveMessageSchemas[event].safeParse(users.msg).success).toBe(true);
      expect(wallScreenMessageSchemas[event].safeParse(users.msg).success).toBe(false);
      const wall = wallScreenMessageSchemas[event].safeParse(walls.msg);
      expect(wall.error?.issues ?? []).toEqual([]);
    }
  });
});
