#!/usr/bin/env node
// Dashboard browser benchmark: the wall screen in Debian Chromium (playwright-core), fed by a
// simulated busy call center through a mock API + socket.io server (the browser alone is measured).
// Prints the JS heap at start and end, the heap slope per hour after warm-up, frames per second
// and the longest frame, then one line
//   RESULT heap_start_mb=<n> heap_end_mb=<n> heap_slope_mb_per_h=<n> fps=<n> longest_frame_ms=<n>
// A benchmark, not a test: it exits 0 whatever the figures (1 only when it could not run).
// See bench/dashboard/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  --sim-minutes N      simulated minutes fed to the page (default 16)
  --warmup-minutes N   simulated minutes of warm-up, not measured (default 4)
  --speed N            simulated seconds per real second (default 4)
  --history-minutes N  simulated minutes played before the page opens (default 30)
  --width N --height N viewport (default 1920×1080)
  --seed N             PRNG seed (default 42)
  --no-build           use dist/apps/dashboard as it is (default: build it first)
  --headed             show the browser (needs a display)
  -h, --help`;

const { values: args } = parseArgs({
  options: {
    operators: { type: 'string', default: '240' },
    rate: { type: 'string', default: '120' },
    'sim-minutes': { type: 'string', default: '16' },
    'warmup-minutes': { type: 'string', default: '4' },
    speed: { type: 'string', default: '4' },
    'history-minutes': { type: 'string', default: '30' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
    seed: { type: 'string', default: '42' },
    'no-build': { type: 'boolean', default: false },
    headed: { type: 'boolean', default: false },
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

/** Runs in the page before the app: counts frames (rAF deltas) and long animation frames. */
function frameProbe() {
  const b = { measuring: false, paused: false, frames: 0, sum: 0, last: 0, max: 0, over50: 0, loafCount: 0, loafMax: 0, loafBlockingMax: 0, worst: [] };
  window.__bench = b;
  const tick = (t) => {
    if (b.measuring && !b.paused) {
      if (b.last) {
        const d = t - b.last;
        b.frames += 1;
        b.sum += d;
        if (d > b.max) b.max = d;
        if (d > 50) b.over50 += 1;
      }
      b.last = t;
    } else b.last = 0;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      if (!b.measuring || b.paused) return;
      for (const e of list.getEntries()) {
        if (e.duration >= 50) {
          b.loafCount += 1;
          if (b.worst.length < 30)
            b.worst.push({
              duration: Math.round(e.duration),
              blocking: Math.round(e.blockingDuration),
              render: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0),
              style: Math.round(e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0),
              scripts: (e.scripts ?? []).map((s) => `${s.invokerType}:${s.invoker} ${Math.round(s.duration)}ms`).slice(0, 4),
            });
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
    await cdp.send('Performance.enable');
    const heap = async (gc) => {
      if (gc) {
        await page.evaluate(() => (window.__bench.paused = true));
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
      }
      const { metrics } = await cdp.send('Performance.getMetrics');
      if (gc) await page.evaluate(() => (window.__bench.paused = false));
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
    while (Date.now() - feedStart < realMs) {
      await sleep(2_000);
      const elapsed = Date.now() - feedStart;
      if (!measureStart && elapsed >= warmupRealMs) {
        heapAfterWarmup = await heap(true);
        measureStart = Date.now();
        samples.push([0, heapAfterWarmup]);
        nextGcSample = measureStart + 15_000;
        await page.evaluate(() => {
          const b = window.__bench;
          b.measuring = true;
          b.frames = b.sum = b.max = b.over50 = b.loafCount = b.loafMax = b.loafBlockingMax = 0;
          b.last = 0;
        });
        log(`warm-up done (${cfg.warmupMinutes} simulated min): JS heap ${f(mb(heapAfterWarmup), 2)} MB; measuring…`);
      } else if (measureStart && Date.now() >= nextGcSample) {
        const h = await heap(true);
        samples.push([(Date.now() - measureStart) / 1000, h]);
        nextGcSample = Date.now() + 15_000;
        log(`  ${f((elapsed * cfg.speed) / 60_000)} simulated min: JS heap ${f(mb(h), 2)} MB, ${messages} messages sent`);
      } else {
        trace.push([(Date.now() - feedStart) / 1000, await heap(false)]);
      }
    }
    // the end of the run, measured like every other sample: while the feed runs
    const frames = await page.evaluate(() => ({ ...window.__bench }));
    const heapEnd = await heap(true);
    samples.push([(Date.now() - measureStart) / 1000, heapEnd]);
    clearInterval(feeder);
    const simulatedEvents = center.events - events0;
    const feedSeconds = (Date.now() - feedStart) / 1000;
    if (process.env.BENCH_DEBUG) for (const w of frames.worst) log(`long frame: ${JSON.stringify(w)}`);
    await sleep(1_500); // the last batch lands

    // did the page keep up? its funnel against the simulator's
    const shown = await page.locator('[data-testid="funnel-chart"]').getAttribute('data-funnel');
    const expected = ['new', 'contacted', 'prospect', 'opportunity', 'customer'].map((s) => center.funnel[s]).join(',');
    const stale = await page.locator('[data-testid="data-age"]').getAttribute('data-stale');
    const tiles = await page.locator('[data-testid="operator-tile"]').count();

    const slopePerSecond = slope(samples);
    const slopeMbPerHour = slopePerSecond === null ? null : mb(slopePerSecond * 3600);
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
      ['heap slope, second half', `${f(lastHalfMbPerHour, 2)} MB/h real`],
      ['frames per second', f(fps, 1)],
      ['longest frame (rAF delta)', `${f(frames.max, 1)} ms; ${frames.over50} frames over 50 ms of ${frames.frames}`],
      ['long animation frames', `${frames.loafCount} ≥ 50 ms, longest ${f(frames.loafMax, 1)} ms (blocking ${f(frames.loafBlockingMax, 1)} ms)`],
      ['page kept up', `funnel ${shown === expected ? 'equal to the simulator' : `${shown} vs ${expected}`}, stale=${stale}, ${tiles} tiles on screen`],
      ['page errors', errors.length ? errors.slice(0, 3).join(' | ') : 'none'],
      ['server', `${server.stats.snapshots} snapshot(s), ${server.stats.rest} REST reads`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log('\nDashboard wall screen, Chromium, ' + `${cfg.width}×${cfg.height}`);
    for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
    console.log(
      `RESULT heap_start_mb=${f(mb(heapStart), 2)} heap_end_mb=${f(mb(heapEnd), 2)} heap_slope_mb_per_h=${f(slopeMbPerHour, 2)} fps=${f(fps, 1)} longest_frame_ms=${f(frames.max, 1)}`,
    );
  } finally {
    await stopAll();
  }
}

main().catch((err) => {
  console.error(`[bench:dashboard] could not run: ${err.stack ?? err}`);
  process.exit(1);
});
