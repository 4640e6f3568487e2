// The dashboard's side: a socket.io client on `/live` (its own process) that subscribes to the bench
// campaigns and records, for every `transition`, its eventId and the time it arrived.
//
// IPC in:  {cmd:'subscribe', campaignId} · {cmd:'forget', phase} · {cmd:'stats'}
// IPC out: {type:'ready'} · {type:'subscribed', campaignId, ack}
//          {type:'recv', phase:[..], req:[..], t:[..], leads:{<phase>: [leadId..]}, contacted:{<phase>: [leadId..]}}   (every 50 ms)
//          {type:'stats', transitions, duplicates, corrections, metrics, snapshots, foreign}
//          {type:'disconnected', reason}
import { io } from 'socket.io-client';

const socket = io(`${process.env.BENCH_API_URL}/live`, {
  auth: { token: process.env.BENCH_LIVE_TOKEN },
  transports: ['websocket'],
  reconnection: false,
});

const seen = new Map(); // phase -> Set of eventIds (a corrected history may repeat one)
const stats = { transitions: 0, duplicates: 0, corrections: 0, metrics: 0, snapshots: 0, foreign: 0 };
let batch = { phase: [], req: [], t: [], leads: {}, contacted: {} };
const ID = /^e(\d+)_(\d+)_\d+$/;

socket.on('transition', (m) => {
  const t = Date.now();
  stats.transitions++;
  if (m.correction) stats.corrections++;
  const match = ID.exec(m.eventId);
  if (!match) {
    stats.foreign++;
    return;
  }
  const phase = Number(match[1]);
  let ids = seen.get(phase);
  if (!ids) seen.set(phase, (ids = new Set()));
  if (ids.has(m.eventId)) {
    stats.duplicates++;
    return;
  }
  ids.add(m.eventId);
  batch.phase.push(phase);
  batch.req.push(Number(match[2]));
  batch.t.push(t);
  if (m.from === null && m.to === 'new') (batch.leads[phase] ??= []).push(m.leadId);
  // Leads the mixed workload may send a late call to (a first contact, not a replayed history).
  if (m.from === 'new' && m.to === 'contacted' && !m.correction) (batch.contacted[phase] ??= []).push(m.leadId);
});
socket.on('metrics', () => stats.metrics++);
socket.on('snapshot', () => stats.snapshots++);

setInterval(() => {
  if (!batch.t.length) return;
  process.send({ type: 'recv', ...batch });
  batch = { phase: [], req: [], t: [], leads: {}, contacted: {} };
}, 50).unref();

socket.on('disconnect', (reason) => process.send?.({ type: 'disconnected', reason }));
socket.once('connect_error', (err) => {
  console.error(`socket client: ${err.message}`);
  process.exit(1);
});
socket.once('connect', () => process.send({ type: 'ready' }));

process.on('message', async (msg) => {
  if (msg.cmd === 'subscribe') {
    const ack = await socket.timeout(10_000).emitWithAck('subscribe', { campaignId: msg.campaignId }).catch((e) => ({ ok: false, error: e.message }));
    process.send({ type: 'subscribed', campaignId: msg.campaignId, ack });
  } else if (msg.cmd === 'forget') {
    seen.delete(msg.phase);
  } else if (msg.cmd === 'stats') {
    process.send({ type: 'stats', ...stats });
  }
});
process.on('disconnect', () => process.exit(0));
