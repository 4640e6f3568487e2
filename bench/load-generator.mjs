// The load generator: a separate process that POSTs `{events: [100 events]}` to the API with the
// ingest key, either saturating (N requests in flight) or paced (an offered rate, open loop).
//
// Every event yields exactly one `transition`, so the socket client can account for each one:
//   - `lead.created` for a new lead                                  → null → new
//   - `call.outcome` INTERESTED with an operator, for a lead whose
//     creation was already seen on the socket (relayed by the driver) → new → contacted
// A request takes up to half its events from the pool of confirmed leads and fills the rest with
// new leads. eventId = e<phase>_<request>_<index>, so a transition names the request that sent it.
//
// The `mixed` workload (`campaigns` lists several campaigns; a lead stays in the campaign its index
// picks) adds what the friendly one spares the engine, still one transition per counted event:
//   - 10 % late calls: INTERESTED for a lead already contacted, dated 1 ms after its creation, i.e.
//     before the call that contacted it → the lead is folded again; the correction's new→contacted
//     now names the late call (the other corrections repeat eventIds already seen);
//   - 10 % operator.state (available → on_call → wrap_up → …) for the campaigns' operators: no
//     transition, not counted in `n`, but applied (state machine, occupancy, operator pushes).
//
// IPC in:  {cmd:'start', phase, campaignId, campaigns?, workload:'friendly'|'mixed', mode:'saturate'|'paced', inflight, rateEps, batch, maxBacklog}
//          {cmd:'progress', phase, received, leads:[leadId...], contacted:[leadId...]}   (from the socket client, via the driver)
//          {cmd:'stop'}
// IPC out: {type:'ready'} · {type:'sent', phase, items:[reqNo, sentAt, doneAt, status, n, ...]}
//          {type:'stopped', phase, requests, sentEvents, skipped, errors}
import http from 'node:http';

const api = new URL(process.env.BENCH_API_URL);
const key = process.env.BENCH_INGEST_KEY;
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const OPERATORS = Array.from({ length: 40 }, (_, i) => `op-${i + 1}`);
const SOURCES = ['meta_ads', 'google_ads', 'website', 'referral'];

let run = null; // the phase being driven
let reports = [];

function newRun(msg) {
  return {
    ...msg,
    reqNo: 0,
    running: true,
    inFlight: 0,
    sentEvents: 0,
    received: 0,
    skipped: 0,
    errors: 0,
    pool: [],
    poolHead: 0,
    contacted: [],
    contactedHead: 0,
    createdAt: new Map(), // reqNo -> occurredAt (ms) of the leads that request created
    opStates: new Map(),
    loops: [],
    timer: null,
  };
}

function takeLead(r) {
  if (r.poolHead >= r.pool.length) return null;
  const id = r.pool[r.poolHead++];
  if (r.poolHead > 50_000) {
    r.pool = r.pool.slice(r.poolHead);
    r.poolHead = 0;
  }
  return id;
}

const campaignOf = (r, i) => (r.campaigns ? r.campaigns[i % r.campaigns.length] : r.campaignId);
const OP_CYCLE = ['available', 'on_call', 'wrap_up'];

function takeContacted(r) {
  if (r.contactedHead >= r.contacted.length) return null;
  const id = r.contacted[r.contactedHead++];
  if (r.contactedHead > 50_000) {
    r.contacted = r.contacted.slice(r.contactedHead);
    r.contactedHead = 0;
  }
  return id;
}

/** Mixed: late calls and operator states first (10 % each), then the friendly mix. Returns [events, counted]. */
function buildMixed(r, reqNo, nowMs) {
  const events = [];
  const tenth = Math.floor(r.batch / 10);
  for (let k = 0; k < tenth; k++) {
    const leadId = takeContacted(r);
    if (!leadId) break;
    const [, req, idx] = /^L\d+_(\d+)_(\d+)$/.exec(leadId) ?? [];
    const created = r.createdAt.get(Number(req));
    if (created === undefined) continue;
    const i = events.length;
    events.push({
      eventId: `e${r.phase}_${reqNo}_${i}`,
      type: 'call.outcome',
      occurredAt: new Date(created + 1).toISOString(),
      campaignId: campaignOf(r, Number(idx)),
      leadId,
      operatorId: OPERATORS[(reqNo + i) % OPERATORS.length],
      disposition: 'INTERESTED',
      talkSeconds: 45,
      wrapSeconds: 10,
    });
  }
  const counted = events.length;
  for (let k = 0; k < tenth; k++) {
    const i = events.length;
    const operatorId = OPERATORS[(reqNo * tenth + k) % OPERATORS.length];
    const step = (r.opStates.get(operatorId) ?? -1) + 1;
    r.opStates.set(operatorId, step);
    events.push({
      eventId: `e${r.phase}_${reqNo}_${i}`,
      type: 'operator.state',
      occurredAt: new Date(nowMs).toISOString(),
      operatorId,
      state: OP_CYCLE[step % OP_CYCLE.length],
      campaignId: campaignOf(r, k),
    });
  }
  return [events, counted];
}

function buildEvents(r, reqNo) {
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  const [events, counted] = r.workload === 'mixed' ? buildMixed(r, reqNo, nowMs) : [[], 0];
  const extra = events.length - counted; // operator states: not counted
  if (r.workload === 'mixed') r.createdAt.set(reqNo, nowMs);
  const half = Math.floor(r.batch / 2);
  for (let k = 0; events.length < half + extra; k++) {
    const leadId = takeLead(r);
    if (!leadId) break;
    const i = events.length;
    events.push({
      eventId: `e${r.phase}_${reqNo}_${i}`,
      type: 'call.outcome',
      occurredAt: now,
      campaignId: campaignOf(r, Number(leadId.slice(leadId.lastIndexOf('_') + 1))),
      leadId,
      operatorId: OPERATORS[(reqNo + i) % OPERATORS.length],
      disposition: 'INTERESTED',
      talkSeconds: 60 + (i % 240),
      wrapSeconds: 15,
      notes: 'bench',
    });
  }
  for (let i = events.length; i < r.batch; i++) {
    const leadId = `L${r.phase}_${reqNo}_${i}`;
    events.push({
      eventId: `e${r.phase}_${reqNo}_${i}`,
      type: 'lead.created',
      occurredAt: now,
      campaignId: campaignOf(r, i),
      leadId,
      lead: {
        source: SOURCES[i % SOURCES.length],
        name: `Bench Lead ${reqNo}-${i}`,
        phone: `+39 333 ${String(reqNo % 1000).padStart(3, '0')} ${String(i).padStart(4, '0')}`,
        email: `lead-${reqNo}-${i}@bench.example`,
        attributes: { form: 'bench' },
      },
    });
  }
  return { events, n: events.length - extra };
}

function post(body) {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: api.hostname,
        port: api.port,
        method: 'POST',
        path: '/api/v1/events',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function sendOne(r) {
  const reqNo = r.reqNo++;
  const { events, n } = buildEvents(r, reqNo);
  const body = JSON.stringify({ events });
  r.inFlight++;
  r.sentEvents += n;
  const sentAt = Date.now();
  const status = await post(body);
  const doneAt = Date.now();
  r.inFlight--;
  if (status !== 202) {
    r.errors++;
    r.sentEvents -= n; // never accepted: not part of the backlog
  }
  reports.push(reqNo, sentAt, doneAt, status, n);
}

const backlog = (r) => r.sentEvents - r.received;

async function saturateLoop(r) {
  while (r.running) {
    if (backlog(r) >= r.maxBacklog) {
      await new Promise((res) => setTimeout(res, 5));
      continue;
    }
    await sendOne(r);
  }
}

/** Open loop: request k is due at t0 + k·interval whatever the answers; skipped (and counted) only over the backlog cap. */
function startPaced(r) {
  const interval = (r.batch / r.rateEps) * 1000;
  const t0 = Date.now();
  let k = 0;
  const inFlight = new Set();
  const tick = () => {
    if (!r.running) return;
    const now = Date.now();
    while (t0 + k * interval <= now) {
      k++;
      if (backlog(r) >= r.maxBacklog || r.inFlight >= 2000) r.skipped++;
      else {
        const p = sendOne(r);
        inFlight.add(p);
        p.finally(() => inFlight.delete(p));
      }
    }
    r.timer = setTimeout(tick, Math.max(0, t0 + k * interval - Date.now()));
  };
  tick();
  r.loops.push(
    new Promise((resolve) => {
      r.finishPaced = async () => {
        clearTimeout(r.timer);
        await Promise.all([...inFlight]);
        resolve();
      };
    }),
  );
}

function flush() {
  if (!reports.length || !run) return;
  process.send({ type: 'sent', phase: run.phase, items: reports });
  reports = [];
}
setInterval(flush, 100).unref();

process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    run = newRun(msg);
    if (msg.mode === 'paced') startPaced(run);
    else for (let i = 0; i < msg.inflight; i++) run.loops.push(saturateLoop(run));
  } else if (msg.cmd === 'progress') {
    if (!run || msg.phase !== run.phase) return;
    run.received = msg.received;
    for (const id of msg.leads) run.pool.push(id);
    for (const id of msg.contacted ?? []) run.contacted.push(id);
  } else if (msg.cmd === 'stop') {
    const r = run;
    if (!r) return process.send({ type: 'stopped' });
    r.running = false;
    if (r.finishPaced) await r.finishPaced();
    await Promise.all(r.loops);
    flush();
    process.send({ type: 'stopped', phase: r.phase, requests: r.reqNo, sentEvents: r.sentEvents, skipped: r.skipped, errors: r.errors });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
