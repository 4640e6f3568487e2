/** A socket.io client on `/live` that records every message, for assertions. */
import type { MetricsMessage, OperatorMessage, SnapshotMessage, SubscribeAck, TransitionMessage } from '@leadboard/contracts';
import { io, type Socket } from 'socket.io-client';

export interface LiveRecorder {
  socket: Socket;
  snapshots: SnapshotMessage[];
  transitions: TransitionMessage[];
  metrics: MetricsMessage[];
  operators: OperatorMessage[];
  subscribe(req: { campaignId: string } | { tenant: true }): Promise<SubscribeAck>;
  close(): void;
}

export function connectLive(apiUrl: string, token: string): Promise<LiveRecorder> {
  const socket = io(`${apiUrl}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
  const rec: LiveRecorder = {
    socket,
    snapshots: [],
    transitions: [],
    metrics: [],
    operators: [],
    subscribe: (req) => socket.timeout(10_000).emitWithAck('subscribe', req) as Promise<SubscribeAck>,
    close: () => socket.close(),
  };
  socket.on('snapshot', (m: SnapshotMessage) => rec.snapshots.push(m));
  socket.on('transition', (m: TransitionMessage) => rec.transitions.push(m));
  socket.on('metrics', (m: MetricsMessage) => rec.metrics.push(m));
  socket.on('operator', (m: OperatorMessage) => rec.operators.push(m));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(rec));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}
