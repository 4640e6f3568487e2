// Many screens at once (the soak's 200 open sockets): one process holding N socket.io clients on
// `/live`, spread over the API nodes, each subscribed to one campaign (spread over the campaigns named).
// It counts what they receive and how often they had to reconnect; it measures no latency
// (socket-client.mjs does that).
//
// env:     BENCH_API_URLS (comma list), BENCH_LIVE_TOKEN, BENCH_SOCKETS, BENCH_CAMPAIGN (comma list)
// IPC out: {type:'ready', connected} · {type:'stats', connected, messages, snapshots, reconnects}
// IPC in:  {cmd:'stats'}
import { io } from 'socket.io-client';

const urls = process.env.BENCH_API_URLS.split(',');
const n = Number(process.env.BENCH_SOCKETS ?? 200);
const campaignIds = process.env.BENCH_CAMPAIGN.split(',');
const stats = { messages: 0, snapshots: 0, reconnects: 0 };
const sockets = [];

for (let i = 0; i < n; i++) {
  const socket = io(`${urls[i % urls.length]}/live`, {
    auth: { token: process.env.BENCH_LIVE_TOKEN },
    transports: ['websocket'],
    reconnectionDelay: 500,
  });
  const campaignId = campaignIds[i % campaignIds.length];
  let connectedOnce = false;
  socket.on('connect', () => {
    if (connectedOnce) stats.reconnects++;
    connectedOnce = true;
    socket.emit('subscribe', { campaignId }, () => undefined);
  });
  socket.on('snapshot', () => stats.snapshots++);
  for (const e of ['transition', 'metrics', 'operator']) socket.on(e, () => stats.messages++);
  sockets.push(socket);
}

const connected = () => sockets.filter((s) => s.connected).length;
const started = Date.now();
const ready = setInterval(() => {
  if (connected() === n || Date.now() - started > 60_000) {
    clearInterval(ready);
    process.send({ type: 'ready', connected: connected() });
  }
}, 200);

process.on('message', (msg) => {
  if (msg.cmd === 'stats') process.send({ type: 'stats', connected: connected(), ...stats });
});
process.on('disconnect', () => process.exit(0));
