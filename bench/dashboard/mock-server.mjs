// A tiny stand-in for the Leadboard API, so the bench measures the browser alone: it serves the
// built dashboard (dist/apps/dashboard, with the SPA fallback), the few REST reads the wall screen
// makes (its hot-lead queue included), and the socket.io `/live` namespace (snapshot on subscribe, then the simulator's messages).
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { Server } from 'socket.io';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * @param {{ root: string, token: string, center: import('./call-center.mjs').CallCenter, tenantName?: string }} o
 */
export async function startMockServer(o) {
  const { center } = o;
  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const authorized = (req) => req.headers.authorization === `Bearer ${o.token}`;
  const stats = { rest: 0, snapshots: 0 };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/health/live') return json(res, 200, { status: 'ok' });
    if (path.startsWith('/api/')) {
      stats.rest += 1;
      if (!authorized(req)) return json(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'missing or invalid credentials' });
      if (path === '/api/v1/me')
        return json(res, 200, { kind: 'wall', tenantId: 't-bench', tenantName: o.tenantName ?? 'Bench call center', role: 'wall', email: null, campaignIds: [center.campaignId] });
      if (path === '/api/v1/campaigns')
        return json(res, 200, [{ campaignId: center.campaignId, name: 'Bench campaign', timeZone: 'Europe/Rome', maxAttempts: 6, qualificationThreshold: 3, leads: center.leads.length }]);
      if (path === `/api/v1/campaigns/${center.campaignId}/metrics`) return json(res, 200, center.metrics());
      if (path === `/api/v1/campaigns/${center.campaignId}/queue`) return json(res, 200, center.queue(Number(url.searchParams.get('limit') ?? 50)));
      if (path === '/api/v1/operators') return json(res, 200, center.operators.map((op) => center.operatorView(op)));
      if (path === '/api/v1/alerts') return json(res, 200, [...center.alerts.values()]);
      return json(res, 404, { statusCode: 404, error: 'Not Found', message: path });
    }
    // static files, index.html for every other path (the router's)
    const file = normalize(join(o.root, path));
    const inside = file.startsWith(o.root);
    const isFile = inside && (await stat(file).then((s) => s.isFile(), () => false));
    const target = isFile ? file : join(o.root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    res.end(await readFile(target));
  });

  const io = new Server(server, { transports: ['websocket'] });
  const live = io.of('/live');
  live.use((socket, next) => (socket.handshake.auth?.token === o.token ? next() : next(new Error('unauthorized'))));
  live.on('connection', (socket) => {
    socket.on('subscribe', (req, ack) => {
      if (req?.campaignId !== center.campaignId) return ack?.({ ok: false, error: 'campaign not found' });
      socket.join('campaign');
      stats.snapshots += 1;
      if (process.env.BENCH_DEBUG) process.stderr.write(`[mock] subscribe #${stats.snapshots} at seq ${center.seq} (socket ${socket.id})\n`);
      socket.emit('snapshot', center.snapshot());
      ack?.({ ok: true, campaignIds: [center.campaignId] });
    });
    socket.on('unsubscribe', () => socket.leave('campaign'));
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    stats,
    /** Pushes messages to every subscribed wall screen, each as its own socket.io event (as the server does). */
    emit(messages) {
      const room = live.to('campaign');
      for (const [event, payload] of messages) room.emit(event, payload);
    },
    async close() {
      io.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
