/**
 * Group commit for queue jobs: BullMQ hands the worker many jobs at once (its concurrency); each is
 * submitted here, and whatever arrived while the previous set was being applied goes out as the
 * next set — one transaction for all of them. Under a light load a job runs alone at once (no wait
 * for a set to fill, so no added latency); under a heavy one sets grow up to `maxJobs` / `maxEvents`.
 */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface JobSetOptions {
  /** Most jobs in one set. */
  maxJobs: number;
  /** Most events in one set (a job larger than this still goes, alone). */
  maxEvents: number;
  /** Sets applied at the same time (each its own transaction). */
  inFlight: number;
}

interface Pending<J, R> {
  item: J;
  size: number;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class JobSetCollector<J, R> {
  private readonly queue: Pending<J, R>[] = [];
  private running = 0;

  constructor(
    /** Applies a set; returns one outcome per item, in order (it must not throw). */
    private readonly applySet: (items: J[]) => Promise<ItemOutcome<R>[]>,
    private readonly sizeOf: (item: J) => number,
    private readonly options: JobSetOptions,
  ) {}

  /** Resolves with this item's own result, or rejects with its own error, once its set is applied. */
  submit(item: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, size: this.sizeOf(item), resolve, reject });
      this.pump();
    });
  }

  /** Items waiting for a set (not yet applying). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.running < this.options.inFlight && this.queue.length) {
      const set = this.takeSet();
      this.running++;
      void this.run(set).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private takeSet(): Pending<J, R>[] {
    const set = [this.queue.shift()!];
    let events = set[0].size;
    while (this.queue.length && set.length < this.options.maxJobs && events + this.queue[0].size <= this.options.maxEvents) {
      const next = this.queue.shift()!;
      events += next.size;
      set.push(next);
    }
    return set;
  }

  private async run(set: Pending<J, R>[]): Promise<void> {
    let outcomes: ItemOutcome<R>[];
    try {
      outcomes = await this.applySet(set.map((p) => p.item));
    } catch (error) {
      outcomes = set.map(() => ({ ok: false, error }));
    }
    set.forEach((p, i) => {
      const o = outcomes[i] ?? { ok: false, error: new Error('no outcome for this job in its set') };
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }
}
