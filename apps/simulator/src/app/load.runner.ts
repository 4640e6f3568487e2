/**
 * Paces the model at `rate` events per second: every tick it takes what the rate allows, cuts it
 * into batches and posts them without waiting for each other (up to `concurrency` requests in
 * flight; past that it slows down rather than piling events up in memory). A throttled batch
 * (429/503) pauses all sending for Retry-After and is then retried as it was — same events, same
 * eventIds; no new batch leaves while one waits for its retry. A 4xx stops the run. (No retry
 * library: the project takes no extra dependency, and the loop is a dozen lines.)
 */
import { setTimeout as sleepTimer } from 'node:timers/promises';
import type { IngestError, IngestEventInput } from '@leadboard/contracts';
import type { IngestClient, PostResult } from './ingest.client';

export interface EventSource {
  take(count: number): IngestEventInput[];
}

export interface RunnerOptions {
  rate: number;
  batch: number;
  concurrency: number;
  /** Seconds; null = until stop(). */
  duration: number | null;
  tickMs?: number;
  statusEveryMs?: number;
  /** How long a stop waits for the batches in flight (and their retries) before giving up on them. */
  drainTimeoutMs?: number;
  /** Extra text for the status line (e.g. open leads). */
  describe?: () => string;
}

export interface RunnerStats {
  /** Events posted at least once. */
  sent: number;
  accepted: number;
  duplicates: number;
  /** Throttled answers (429/503) that were retried. */
  throttled: number;
  /** Network errors and 5xx answers that were retried. */
  errors: number;
  inFlight: number;
}

export interface RunResult {
  exitCode: number;
  stats: RunnerStats;
  fatal: { message: string; errors: IngestError[] } | null;
  /** Events still unconfirmed when the run ended (drain timeout). */
  unconfirmed: number;
}

export interface RunnerIo {
  log: (line: string) => void;
  error: (line: string) => void;
  now: () => number;
}

const defaultIo: RunnerIo = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  now: () => Date.now(),
};

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleepTimer(ms, undefined, { signal });
  } catch {
    // aborted: wake up early
  }
}

export class LoadRunner {
  private readonly stats: RunnerStats = { sent: 0, accepted: 0, duplicates: 0, throttled: 0, errors: 0, inFlight: 0 };
  private readonly stopping = new AbortController();
  private readonly abandon = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private pausedUntil = 0;
  /** Batches waiting to be retried: they go before any new batch. */
  private waitingRetries = 0;
  private unconfirmed = 0;
  private lastProblem: string | null = null;
  private fatal: RunResult['fatal'] = null;
  private readonly io: RunnerIo;

  constructor(
    private readonly source: EventSource,
    private readonly client: Pick<IngestClient, 'post'>,
    private readonly options: RunnerOptions,
    io: Partial<RunnerIo> = {},
  ) {
    this.io = { ...defaultIo, ...io };
  }

  /** Asks the run to end: no new events, the batches in flight are finished (or abandoned after the drain timeout). */
  stop(reason: string): void {
    if (this.stopping.signal.aborted) return;
    this.io.log(`[simulator] stopping (${reason}); waiting for ${this.stats.inFlight} request(s) in flight`);
    this.stopping.abort();
  }

  async run(): Promise<RunResult> {
    const { rate, batch, concurrency, duration } = this.options;
    const tickMs = this.options.tickMs ?? 200;
    const start = this.io.now();
    let last = start;
    let credit = 0;
    // At most one second of events (or one batch) is caught up after a pause: no thundering herd.
    const maxCredit = Math.max(rate, batch);
    let statusAt = { t: start, done: 0 };
    const status = setInterval(() => {
      statusAt = this.printStatus(statusAt);
    }, this.options.statusEveryMs ?? 5000);

    try {
      while (!this.stopping.signal.aborted) {
        const t = this.io.now();
        if (duration !== null && t - start >= duration * 1000) break;
        credit = Math.min(maxCredit, credit + (rate * (t - last)) / 1000);
        last = t;
        if (t >= this.pausedUntil && this.waitingRetries === 0) {
          while (credit >= 1 && this.inFlight.size < concurrency) {
            const n = Math.min(batch, Math.floor(credit));
            credit -= n;
            this.launch(this.source.take(n));
          }
        }
        await sleep(tickMs, this.stopping.signal);
      }
      await this.drain();
    } finally {
      clearInterval(status);
    }
    this.printStatus({ t: start, done: 0 }, 'final'); // rate = the run's average
    if (this.fatal) {
      this.io.error(`[simulator] ${this.fatal.message}`);
      return { exitCode: 1, stats: { ...this.stats }, fatal: this.fatal, unconfirmed: this.unconfirmed };
    }
    return { exitCode: 0, stats: { ...this.stats }, fatal: null, unconfirmed: this.unconfirmed };
  }

  private async drain(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const timeout = this.options.drainTimeoutMs ?? 10_000;
    const all = Promise.all([...this.inFlight]).then(() => true);
    const timer = new AbortController(); // cancelled once drained, so no timer keeps the process alive
    const done = await Promise.race([all, sleep(timeout, timer.signal).then(() => false)]);
    timer.abort();
    if (!done) {
      this.abandon.abort();
      await all;
      this.io.error(`[simulator] gave up after ${timeout} ms on ${this.unconfirmed} unconfirmed event(s) (last problem: ${this.lastProblem})`);
    }
  }

  private launch(events: IngestEventInput[]): void {
    this.stats.sent += events.length;
    this.stats.inFlight++;
    const job = this.deliver(events).finally(() => {
      this.stats.inFlight--;
      this.inFlight.delete(job);
    });
    this.inFlight.add(job);
  }

  /** Posts one batch until it is accepted, abandoned, or refused for good. */
  private async deliver(events: IngestEventInput[]): Promise<void> {
    let backoffMs = 500;
    for (;;) {
      const result: PostResult = await this.client.post(events);
      if (result.kind === 'accepted') {
        this.stats.accepted += result.accepted;
        this.stats.duplicates += result.duplicates;
        return;
      }
      if (result.kind === 'fatal') {
        this.reportFatal(result, events);
        return;
      }
      this.lastProblem = result.reason;
      const waitMs = result.afterMs ?? backoffMs * (0.5 + Math.random());
      backoffMs = Math.min(backoffMs * 2, 10_000);
      if (result.throttled) {
        this.stats.throttled++;
        this.pausedUntil = Math.max(this.pausedUntil, this.io.now() + waitMs);
      } else {
        this.stats.errors++;
      }
      if (this.abandon.signal.aborted || this.fatal) {
        this.unconfirmed += events.length;
        return;
      }
      this.waitingRetries++;
      await sleep(waitMs, this.abandon.signal);
      this.waitingRetries--;
      if (this.abandon.signal.aborted) {
        this.unconfirmed += events.length;
        return;
      }
    }
  }

  private reportFatal(result: Extract<PostResult, { kind: 'fatal' }>, events: IngestEventInput[]): void {
    if (this.fatal) return;
    this.fatal = { message: result.message, errors: result.errors };
    for (const e of result.errors.slice(0, 20)) {
      const event = events[e.index];
      const what = event ? `${event.type} ${event.eventId}` : 'request';
      this.io.error(`[simulator] error #${e.index} (${what}) ${e.path || '(body)'}: ${e.message}`);
    }
    if (result.errors.length > 20) this.io.error(`[simulator] … and ${result.errors.length - 20} more errors`);
    const first = result.errors.find((e) => events[e.index]);
    if (first) this.io.error(`[simulator] offending event: ${JSON.stringify(events[first.index])}`);
    this.stopping.abort();
    this.abandon.abort();
  }

  private printStatus(since: { t: number; done: number }, label = 'status'): { t: number; done: number } {
    const t = this.io.now();
    const s = this.stats;
    const done = s.accepted + s.duplicates;
    const perSecond = t > since.t ? ((done - since.done) * 1000) / (t - since.t) : 0;
    const extra = this.options.describe ? ` ${this.options.describe()}` : '';
    const problem = this.lastProblem && (s.errors || s.throttled) ? ` last-problem="${this.lastProblem}"` : '';
    this.io.log(
      `[simulator] ${label} ${new Date(t).toISOString()} sent=${s.sent} accepted=${s.accepted} duplicates=${s.duplicates} ` +
        `throttled=${s.throttled} errors=${s.errors} in-flight=${s.inFlight} rate=${perSecond.toFixed(1)}/s${extra}${problem}`,
    );
    return { t, done };
  }
}
