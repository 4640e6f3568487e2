#!/usr/bin/env node
// Dashboard browser benchmark: the wall screen in Debian Chromium (playwright-core), fed by a
// simulated busy call center through a mock API + socket.io server (the browser alone is measured).
// Prints the JS heap at start and end, the heap slope per hour after warm-up, frames per second,
// the longest frame, the long animation frames and the main thread's CPU, then one line
//   RESULT heap_start_mb=<n> heap_end_mb=<n> heap_slope_mb_per_h=<n> fps=<n> longest_frame_ms=<n> longest_loaf_ms=<n> …
// A benchmark, not a test: it exits 0 whatever the figures (1 only when it could not run).
// See bench/dashboard/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CallCenter } from './call-center.mjs';
import { startMockServer } from './mock-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist', 'apps', 'dashboard');
const TOKEN = 'lbw_bench_wall_token';

const USAGE = `node bench/dashboard/run.mjs [options]      (npm run bench:dashboard)

  --operators N        operators in the call center (default 240)
  --rate N             events per simulated second (default 120)
  --sim-minutes N      simulated minutes fed to the page (default 120: 30 minutes real at ×4)
  --warmup-minutes N   simulated minutes of warm-up, not measured (default 40: 10 minutes real at ×4)
  --speed N            simulated seconds per real second (default 4)
  --history-minutes N  simulated minutes played before the page opens (default 30)
  --width N --height N viewport (default 1920×1080)
  --seed N             PRNG seed (default 42)
  --no-build           use dist/apps/dashboard as it is (default: build it first)
  --headed             show the browser (needs a display)
  --heap-diff          heap snapshots after warm-up and at the end (after GC): prints what grew, by
                       constructor (self size), the way to tell a leak from V8's own code and caches
  --trace N            a Chromium trace of N seconds after warm-up: prints the page's main-thread CPU
                       by trace event (self thread time: script, style, layout, paint, GC, …) and the
                       longest layouts and style recalcs with how much of the page each touched; the
                       trace is written to tmp/dashboard-bench.trace.json (BENCH_TRACE_INVALIDATIONS=1
                       also records what invalidated style and layout, with stacks: slower, for a closer look)
  --profile            record a CPU profile of the page over the measurement (CDP Profiler):
                       prints the functions with the most self time, writes tmp/dashboard-bench.cpuprofile
  -h, --help`;

const { values: args } = parseArgs({
  options: {
    operators: { type: 'string', default: '240' },
    rate: { type: 'string', default: '120' },
    // 10 real minutes of warm-up (V8 is still compiling and optimizing before that), then 20 measured:
    // a heap sample every 15 s after GC, 80 of them, tell a slope of 1 MB/h from the samples' noise
    'sim-minutes': { type: 'string', default: '120' },
    'warmup-minutes': { type: 'string', default: '40' },
    speed: { type: 'string', default: '4' },
    'history-minutes': { type: 'string', default: '30' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
    seed: { type: 'string', default: '42' },
    'no-build': { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'heap-diff': { type: 'boolean', default: false },
    trace: { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (k) => {
  const n = Number(args[k]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${k} must be a positive number\n\n${USAGE}`);
    process.exit(1);
  }
  return n;
};
const cfg = {
  operators: num('operators'),
  rate: num('rate'),
  simMinutes: num('sim-minutes'),
  warmupMinutes: Math.min(num('warmup-minutes'), num('sim-minutes') / 2),
  speed: num('speed'),
  historyMinutes: num('history-minutes'),
  width: num('width'),
  height: num('height'),
  seed: num('seed'),
};

const log = (msg) => process.stderr.write(`[bench:dashboard] ${msg}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => bytes / 1024 / 1024;
const f = (n, d = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '—' : n.toFixed(d));

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

/** A heap snapshot (HeapProfiler, after the GC it forces) summed by node type and constructor name: bytes and count. */
async function heapByConstructor(cdp) {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join(''));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((k) => fields.indexOf(k));
  const out = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]];
    const name = type === 'object' || type === 'native' || type === 'closure' ? snap.strings[snap.nodes[i + iName]] : '';
    const key = `${type}${name ? ` ${name.slice(0, 60)}` : ''}`;
    const agg = out.get(key) ?? { bytes: 0, count: 0 };
    agg.bytes += snap.nodes[i + iSize];
    agg.count += 1;
    out.set(key, agg);
  }
  return out;
}

/**
 * Self thread time (CPU, not wall clock) of the renderer main thread's trace events, by name: what the
 * page's main thread spends its CPU on, whatever else runs on the machine.
 */
function mainThreadSelfTime(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return { total: 0, byName: [], tasks: [] };
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.tts === 'number' && typeof e.tdur === 'number');
  mine.sort((a, b) => a.tts - b.tts || b.tdur - a.tdur);
  const self = new Map();
  const stack = [];
  const tasks = []; // the top-level tasks' CPU (thread time, ms) with the name of their longest child
  let total = 0;
  for (const e of mine) {
    while (stack.length && stack[stack.length - 1].tts + stack[stack.length - 1].tdur <= e.tts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.tdur);
    else {
      total += e.tdur;
      tasks.push({ ms: e.tdur / 1000, what: '' });
    }
    if (stack.length === 1 && tasks.length && (!tasks[tasks.length - 1].child || e.tdur > tasks[tasks.length - 1].child)) {
      tasks[tasks.length - 1].child = e.tdur;
      tasks[tasks.length - 1].what = e.name;
    }
    self.set(e.name, (self.get(e.name) ?? 0) + e.tdur);
    stack.push(e);
  }
  return { total: total / 1000, byName: [...self].map(([name, us]) => [name, us / 1000]).sort((a, b) => b[1] - a[1]), tasks };
}

/**
 * The renderer main thread's style recalcs and layouts, each with how much it touched: a layout's
 * dirty and total layout objects (`beginData`), a recalc's element count. A layout that re-does most of
 * the page for a small change shows here, where the CPU by event name only shows that layout is costly.
 */
function styleAndLayoutDetail(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return null;
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.tdur === 'number');
  const layouts = mine
    .filter((e) => e.name === 'Layout')
    .map((e) => ({ ms: e.tdur / 1000, dirty: e.args?.beginData?.dirtyObjects ?? NaN, total: e.args?.beginData?.totalObjects ?? NaN }))
    .sort((a, b) => b.ms - a.ms);
  const styles = mine.filter((e) => e.name === 'UpdateLayoutTree').map((e) => ({ ms: e.tdur / 1000, elements: e.args?.elementCount ?? NaN }));
  styles.sort((a, b) => b.ms - a.ms);
  const sum = (xs) => xs.reduce((a, x) => a + x.ms, 0);
  return { layouts, styles, layoutMs: sum(layouts), styleMs: sum(styles) };
}

/** Theil–Sen slope: the median of the slopes between every pair of points (robust to outliers). */
function theilSen(points) {
  const slopes = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) if (points[j][0] !== points[i][0]) slopes.push((points[j][1] - points[i][1]) / (points[j][0] - points[i][0]));
  if (slopes.length === 0) return null;
  slopes.sort((a, b) => a - b);
  const m = slopes.length >> 1;
  return slopes.length % 2 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2;
}

/**
 * Runs in the page before the app: counts frames (rAF deltas) and long animation frames (LoAF),
 * with what each long frame spent its time on. A LoAF's duration is wall-clock time, so on a busy
 * machine it includes the renderer waiting for a core; its script and style/layout parts are work
 * the page itself asked for, which is what the dashboard can change.
 */
function frameProbe() {
  const b = {
    measuring: false,
    paused: false,
    frames: 0,
    sum: 0,
    last: 0,
    max: 0,
    over50: 0,
    loafCount: 0,
    loafOver100: 0,
    loafMax: 0,
    loafBlockingMax: 0,
    scriptMax: 0,
    styleMax: 0,
    workMax: 0,
    scriptByInvoker: {},
    worst: [],
    gaps: [],
    // the bench's own forced GCs (performance.now() windows; the last open while one runs): a long frame
    // overlapping one is not the page's
    pauses: [],
    pause() {
      b.paused = true;
      b.pauses.push([performance.now(), Infinity]);
      if (b.pauses.length > 8) b.pauses.shift();
    },
    resume() {
      b.paused = false;
      b.pauses[b.pauses.length - 1][1] = performance.now();
    },
  };
  const inPause = (start, end) => b.pauses.some(([s, e]) => start < e && end > s);
  window.__bench = b;
  const tick = (t) => {
    if (b.measuring && !b.paused) {
      if (b.last) {
        const d = t - b.last;
        b.frames += 1;
        b.sum += d;
        if (d > b.max) b.max = d;
        if (d > 50) {
          b.over50 += 1;
          b.gaps.push({ at: Date.now(), ms: Math.round(d * 10) / 10 });
          if (b.gaps.length > 40) b.gaps.shift();
        }
      }
      b.last = t;
    } else b.last = 0;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      if (!b.measuring) return;
      for (const e of list.getEntries()) {
        // entries come after their frame: one that overlapped a forced GC is skipped whenever it is delivered
        if (inPause(e.startTime, e.startTime + e.duration)) continue;
        const scripts = e.scripts ?? [];
        const script = scripts.reduce((a, s) => a + s.duration, 0);
        const end = e.startTime + e.duration;
        // style and layout: the frame's own (from styleAndLayoutStart) plus what scripts forced
        const style = (e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0) + scripts.reduce((a, s) => a + (s.forcedStyleAndLayoutDuration ?? 0), 0);
        if (script > b.scriptMax) b.scriptMax = script;
        if (style > b.styleMax) b.styleMax = style;
        if (script + style > b.workMax) b.workMax = script + style;
        for (const s of scripts) {
          const where = `${s.invokerType}:${s.invoker} ${(s.sourceFunctionName || '?')}@${(s.sourceURL || '').split('/').pop()}:${s.sourceCharPosition ?? ''}`;
          const agg = (b.scriptByInvoker[where] ??= { n: 0, total: 0, max: 0 });
          agg.n += 1;
          agg.total += s.duration;
          if (s.duration > agg.max) agg.max = s.duration;
        }
        if (e.duration >= 50) {
          b.loafCount += 1;
          if (e.duration > 100) b.loafOver100 += 1;
          b.worst.push({
            at: Math.round(performance.timeOrigin + e.startTime),
            duration: Math.round(e.duration),
            blocking: Math.round(e.blockingDuration),
            script: Math.round(script),
            style: Math.round(style),
            render: Math.round(e.renderStart ? end - e.renderStart : 0),
            scripts: scripts.map((s) => `${s.invokerType}:${s.invoker} ${Math.round(s.duration)}ms`).slice(0, 4),
          });
          b.worst.sort((x, y) => y.duration - x.duration);
          if (b.worst.length > 20) b.worst.length = 20;
        }
        if (e.duration > b.loafMax) b.loafMax = e.duration;
        if (e.blockingDuration > b.loafBlockingMax) b.loafBlockingMax = e.blockingDuration;
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    // no Long Animation Frames API: the rAF deltas still tell
  }
}

async function main() {
  if (!args['no-build']) {
    log('building the dashboard (vite build)…');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/dashboard/vite.config.mts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: build the dashboard first`);

  const simStart = Date.now() - cfg.historyMinutes * 60_000;
  const center = new CallCenter({ operators: cfg.operators, eventsPerSecond: cfg.rate, campaignId: 'c-bench', seed: cfg.seed, startMs: simStart });
  center.advance(cfg.historyMinutes * 60_000);
  center.metricsMessage();
  log(`history: ${cfg.historyMinutes} simulated minutes, ${center.events} events, ${center.leads.length} leads, ${cfg.operators} operators`);

  const server = await startMockServer({ root: DIST, token: TOKEN, center });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: !args.headed,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-precise-memory-info',
    ],
  });
  const stopAll = async () => {
    await browser.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    const context = await browser.newContext({ viewport: { width: cfg.width, height: cfg.height }, locale: 'it-IT' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (process.env.BENCH_DEBUG) page.on('console', (m) => log(`page: ${m.text()}`));
    await page.addInitScript(frameProbe);
    const cdp = await context.newCDPSession(page);
    // durations in thread time: the main thread's own CPU, whatever else the machine runs
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const counters = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const calls = []; // the bench's own calls into the page: [start, end, what] (Date.now()), to tell its pauses from the page's
    const heap = async (gc) => {
      const start = Date.now();
      if (gc) {
        await page.evaluate(() => window.__bench.pause());
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
      }
      const { metrics } = await cdp.send('Performance.getMetrics');
      if (gc) await page.evaluate(() => window.__bench.resume());
      calls.push([start, Date.now(), gc ? 'GC + heap' : 'heap']);
      if (calls.length > 2000) calls.shift();
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    };

    await page.goto(`${server.url}/?wall=${TOKEN}&rotate=0&lang=it`);
    await page.locator('[data-testid="operator-tile"]').first().waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]')?.getAttribute('data-state') === 'live', null, { timeout: 30_000 });
    await sleep(1_000);
    const heapStart = await heap(true);
    log(`page open: JS heap ${f(mb(heapStart), 2)} MB (after GC)`);

    // feed: every tick, the events of the simulated span since the last tick
    const realMs = (cfg.simMinutes * 60_000) / cfg.speed;
    const warmupRealMs = (cfg.warmupMinutes * 60_000) / cfg.speed;
    let messages = 0;
    let events0 = center.events;
    let last = Date.now();
    let lastMetrics = 0;
    const feedStart = last;
    const feeder = setInterval(() => {
      const now = Date.now();
      const batch = center.advance((now - last) * cfg.speed);
      last = now;
      if (now - lastMetrics >= 333) {
        const m = center.metricsMessage();
        if (m) batch.push(['metrics', m]);
        lastMetrics = now;
      }
      messages += batch.length;
      server.emit(batch);
    }, 50);

    const samples = []; // [real seconds since measurement start, heap bytes] after GC
    const trace = [];
    let measureStart = 0;
    let heapAfterWarmup = NaN;
    let nextGcSample = 0;
    let profiling = false;
    let counters0 = null;
    let heapBefore = null;
    const stopProfile = async () => {
      profiling = false;
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(join(ROOT, 'tmp'), { recursive: true });
      const file = join(ROOT, 'tmp', 'dashboard-bench.cpuprofile');
      writeFileSync(file, JSON.stringify(profile));
      // self time per function: samples × their intervals, by the node each sample landed in
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map();
      for (let i = 0; i < profile.samples.length; i++) {
        const n = byId.get(profile.samples[i]);
        const c = n.callFrame;
        const key = `${c.functionName || '(anonymous)'} ${c.url ? `${c.url.split('/').pop()}:${c.lineNumber + 1}:${c.columnNumber + 1}` : ''}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      }
      const total = [...self.values()].reduce((a, b) => a + b, 0);
      log(`CPU profile: ${f(total / 1000, 1)} s sampled, written to ${file}; most self time:`);
      for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${f(ms, 0).padStart(7)} ms ${f((100 * ms) / total, 1).padStart(5)} %  ${k}`);
    };
    while (Date.now() - feedStart < realMs) {
      await sleep(2_000);
      const elapsed = Date.now() - feedStart;
      if (!measureStart && elapsed >= warmupRealMs) {
        heapAfterWarmup = await heap(true);
        measureStart = Date.now();
        counters0 = await counters();
        if (args['heap-diff']) heapBefore = await heapByConstructor(cdp);
        const traceSeconds = Number(args.trace);
        if (traceSeconds > 0) {
          const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8', 'cc', 'toplevel'];
          // what invalidated each style recalc and layout (node and stack): costly, for a closer look only
          if (process.env.BENCH_TRACE_INVALIDATIONS) categories.push('disabled-by-default-devtools.timeline.invalidationTracking', 'disabled-by-default-devtools.timeline.stack');
          await browser.startTracing(page, { categories });
          await sleep(traceSeconds * 1000);
          const raw = (await browser.stopTracing()).toString();
          // kept for a closer look (which elements a style recalc or a layout touched, and what invalidated them)
          mkdirSync(join(ROOT, 'tmp'), { recursive: true });
          writeFileSync(join(ROOT, 'tmp', 'dashboard-bench.trace.json'), raw);
          const t = mainThreadSelfTime(JSON.parse(raw));
          log(`trace, ${traceSeconds} s: the page's main thread used ${f(t.total / traceSeconds, 0)} ms of CPU per second; self time by event:`);
          for (const [name, ms] of t.byName.slice(0, 18)) log(`  ${f(ms / traceSeconds, 1).padStart(6)} ms/s  ${name}`);
          const d = styleAndLayoutDetail(JSON.parse(raw));
          if (d) {
            log(
              `  layouts: ${d.layouts.length}, ${f(d.layoutMs, 0)} ms of CPU; the longest (ms, dirty/total layout objects): ` +
                d.layouts.slice(0, 6).map((x) => `${f(x.ms, 1)} ${x.dirty}/${x.total}`).join(', '),
            );
            log(
              `  style recalcs: ${d.styles.length}, ${f(d.styleMs, 0)} ms of CPU; the longest (ms, elements): ` +
                d.styles.slice(0, 6).map((x) => `${f(x.ms, 1)} ${x.elements}`).join(', '),
            );
          }
          // the longest tasks in CPU time: what one frame can cost the page on an idle core
          const sorted = t.tasks.slice().sort((a, b) => b.ms - a.ms);
          const p99 = sorted[Math.floor(sorted.length / 100)]?.ms;
          log(
            `  tasks: ${sorted.length}, CPU of the longest ${f(sorted[0]?.ms, 1)} ms (${sorted[0]?.what || '?'}), p99 ${f(p99, 1)} ms, ` +
              `${sorted.filter((x) => x.ms >= 16).length} ≥ 16 ms, ${sorted.filter((x) => x.ms >= 50).length} ≥ 50 ms; the five longest: ` +
              sorted.slice(0, 5).map((x) => `${f(x.ms, 1)} ms ${x.what}`).join(', '),
          );
        }
        samples.push([0, heapAfterWarmup]);
        nextGcSample = measureStart + 15_000;
        await page.evaluate(() => {
          const b = window.__bench;
          b.measuring = true;
          b.frames = b.sum = b.max = b.over50 = b.loafCount = b.loafOver100 = b.loafMax = b.loafBlockingMax = 0;
          b.scriptMax = b.styleMax = b.workMax = 0;
          b.scriptByInvoker = {};
          b.worst = [];
          b.gaps = [];
          b.last = 0;
        });
        log(`warm-up done (${cfg.warmupMinutes} simulated min): JS heap ${f(mb(heapAfterWarmup), 2)} MB; measuring… (load ${load()})`);
        if (args.profile) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
          await cdp.send('Profiler.start');
          profiling = true;
        }
      } else if (measureStart && Date.now() >= nextGcSample) {
        const h = await heap(true);
        samples.push([(Date.now() - measureStart) / 1000, h]);
        nextGcSample = Date.now() + 15_000;
        log(`  ${f((elapsed * cfg.speed) / 60_000)} simulated min: JS heap ${f(mb(h), 2)} MB, ${messages} messages sent (load ${load()})`);
      } else {
        trace.push([(Date.now() - feedStart) / 1000, await heap(false)]);
      }
    }
    // the end of the run, measured like every other sample: while the feed runs
    const frames = await page.evaluate(() => {
      const { pause, resume, ...figures } = window.__bench;
      return figures;
    });
    const counters1 = await counters();
    const measuredSeconds = (Date.now() - measureStart) / 1000;
    const perSecond = (k) => (counters1[k] - counters0[k]) / measuredSeconds;
    const timeline = await page.evaluate(() => ({ resources: performance.getEntriesByType('resource').length }));
    const heapEnd = await heap(true);
    const nodesEnd = (await counters()).Nodes;
    if (heapBefore) {
      const after = await heapByConstructor(cdp);
      const grew = [...new Set([...heapBefore.keys(), ...after.keys()])]
        .map((k) => ({ k, bytes: (after.get(k)?.bytes ?? 0) - (heapBefore.get(k)?.bytes ?? 0), count: (after.get(k)?.count ?? 0) - (heapBefore.get(k)?.count ?? 0) }))
        .sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes));
      log(`heap snapshot diff, after warm-up → end (self size; total ${f(mb(grew.reduce((a, g) => a + g.bytes, 0)), 2)} MB):`);
      for (const g of grew.slice(0, 20)) log(`  ${(g.bytes >= 0 ? '+' : '') + f(g.bytes / 1024, 1)} KB ${(g.count >= 0 ? '+' : '') + g.count}  ${g.k}`);
    } // after the GC, as at the start: detached nodes kept alive would show here
    samples.push([(Date.now() - measureStart) / 1000, heapEnd]);
    clearInterval(feeder);
    const closing = center.metricsMessage(); // the figures of the last events, as the server's coalescer would send them
    if (closing) server.emit([['metrics', closing]]);
    const simulatedEvents = center.events - events0;
    const feedSeconds = (Date.now() - feedStart) / 1000;
    if (process.env.BENCH_DEBUG) {
      // a frame that overlapped one of the bench's own calls into the page names it
      // …or came within 2 s after one of its forced GCs (what a full GC leaves behind: sweeping, code to compile again)
      const during = (from, to) =>
        calls
          .filter(([s, e, what]) => (s < to && e > from) || (what.startsWith('GC') && from >= e && from < e + 2_000))
          .map(([s, e, what]) => (s < to && e > from ? `${what} ${e - s} ms` : `${from - e} ms after ${what}`))
          .join(', ');
      const near = (from, to) => {
        const d = during(from, to);
        return d ? ` (bench: ${d})` : '';
      };
      for (const w of frames.worst) log(`long frame: ${JSON.stringify(w)}${near(w.at, w.at + w.duration)}`);
      for (const g of frames.gaps) log(`rAF gap of ${g.ms} ms ending ${new Date(g.at).toISOString()}${near(g.at - g.ms, g.at)}`);
    }
    const invokers = Object.entries(frames.scriptByInvoker).sort((a, b) => b[1].total - a[1].total);
    for (const [where, a] of invokers.slice(0, process.env.BENCH_DEBUG ? 15 : 5))
      log(`script in long frames: ${f(a.total, 0)} ms in ${a.n} (max ${f(a.max, 0)} ms) ${where}`);
    if (profiling) await stopProfile();
    await sleep(1_500); // the last batch lands

    // did the page keep up? its funnel against the simulator's
    const shown = await page.locator('[data-testid="funnel-chart"]').getAttribute('data-funnel');
    const expected = ['new', 'contacted', 'prospect', 'opportunity', 'customer'].map((s) => center.funnel[s]).join(',');
    const stale = await page.locator('[data-testid="data-age"]').getAttribute('data-stale');
    const tiles = await page.locator('[data-testid="operator-tile"]').count();

    const slopePerSecond = slope(samples);
    const slopeMbPerHour = slopePerSecond === null ? null : mb(slopePerSecond * 3600);
    const robust = theilSen(samples);
    const robustMbPerHour = robust === null ? null : mb(robust * 3600);
    const lastHalf = slope(samples.filter(([t]) => t >= samples[samples.length - 1][0] / 2));
    const lastHalfMbPerHour = lastHalf === null ? null : mb(lastHalf * 3600);
    const fps = frames.sum > 0 ? (frames.frames * 1000) / frames.sum : null;

    const rows = [
      ['operators', String(cfg.operators)],
      ['simulated', `${f(cfg.simMinutes, 0)} min at ${cfg.rate} events/s (×${cfg.speed}: ${f(feedSeconds, 0)} s real), ${simulatedEvents} events`],
      ['messages to the page', `${messages} (${f(messages / feedSeconds, 0)}/s real)`],
      ['JS heap at start (GC)', `${f(mb(heapStart), 2)} MB`],
      ['JS heap after warm-up', `${f(mb(heapAfterWarmup), 2)} MB`],
      ['JS heap at end (GC)', `${f(mb(heapEnd), 2)} MB`],
      ['heap slope after warm-up', `${f(slopeMbPerHour, 2)} MB/h real (${f(slopeMbPerHour === null ? null : slopeMbPerHour / cfg.speed, 2)} MB per simulated hour), ${samples.length} GC'd samples`],
      ['heap slope, Theil–Sen', `${f(robustMbPerHour, 2)} MB/h real (median of the pairwise slopes: one odd sample does not move it)`],
      ['heap slope, second half', `${f(lastHalfMbPerHour, 2)} MB/h real`],
      ['frames per second', f(fps, 1)],
      ['longest frame (rAF delta)', `${f(frames.max, 1)} ms; ${frames.over50} frames over 50 ms of ${frames.frames}`],
      ['long animation frames', `${frames.loafCount} ≥ 50 ms, ${frames.loafOver100} over 100 ms, longest ${f(frames.loafMax, 1)} ms (blocking ${f(frames.loafBlockingMax, 1)} ms)`],
      [
        'main thread, CPU per second',
        `${f(perSecond('TaskDuration') * 1000, 0)} ms busy: script ${f(perSecond('ScriptDuration') * 1000, 0)} ms, style ${f(perSecond('RecalcStyleDuration') * 1000, 0)} ms (${f(perSecond('RecalcStyleCount'), 1)}×), layout ${f(perSecond('LayoutDuration') * 1000, 0)} ms (${f(perSecond('LayoutCount'), 1)}×)`,
      ],
      ['DOM', `${counters0.Nodes} → ${nodesEnd} nodes after GC, ${counters0.JSEventListeners} → ${counters1.JSEventListeners} listeners, ${timeline.resources} resource-timing entries`],
      ['work in one long frame', `script ≤ ${f(frames.scriptMax, 1)} ms, style+layout ≤ ${f(frames.styleMax, 1)} ms, both ≤ ${f(frames.workMax, 1)} ms (the rest is waiting for a core, paint, GC)`],
      ['page kept up', `funnel ${shown === expected ? 'equal to the simulator' : `${shown} vs ${expected}`}, stale=${stale}, ${tiles} tiles on screen`],
      ['page errors', errors.length ? errors.slice(0, 3).join(' | ') : 'none'],
      ['server', `${server.stats.snapshots} snapshot(s), ${server.stats.rest} REST reads`],
      ['machine load (1, 5, 15 min)', `${load()} on ${cpus().length} cores, at the end`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log('\nDashboard wall screen, Chromium, ' + `${cfg.width}×${cfg.height}`);
    for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
    console.log(
      `RESULT heap_start_mb=${f(mb(heapStart), 2)} heap_end_mb=${f(mb(heapEnd), 2)} heap_slope_mb_per_h=${f(slopeMbPerHour, 2)} fps=${f(fps, 1)} longest_frame_ms=${f(frames.max, 1)} longest_loaf_ms=${f(frames.loafMax, 1)} main_thread_cpu_ms_per_s=${f(perSecond('TaskDuration') * 1000, 0)} max_work_per_loaf_ms=${f(frames.workMax, 1)} load1=${loadavg()[0].toFixed(2)}`,
    );
  } finally {
    await stopAll();
  }
}

main().catch((err) => {
  console.error(`[bench:dashboard] could not run: ${err.stack ?? err}`);
  process.exit(1);
});
