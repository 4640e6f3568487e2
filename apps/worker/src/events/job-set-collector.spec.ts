import { JobSetCollector, type ItemOutcome } from './job-set-collector';

/** A set applier whose sets the test releases by hand. */
function manual() {
  const sets: { items: number[]; release: (outcomes?: ItemOutcome<string>[]) => void }[] = [];
  const apply = (items: number[]) =>
    new Promise<ItemOutcome<string>[]>((resolve) => sets.push({ items, release: (o) => resolve(o ?? items.map((i) => ({ ok: true, value: `done ${i}` }))) }));
  return { sets, apply };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('JobSetCollector', () => {
  it('runs a lone job at once, and groups what arrives meanwhile into the next set', async () => {
    const m = manual();
    const c = new JobSetCollector(m.apply, () => 1, { maxJobs: 10, maxEvents: 100, inFlight: 1 });
    const first = c.submit(1);
    const rest = [2, 3, 4].map((i) => c.submit(i));
    await tick();
    expect(m.sets.map((s) => s.items)).toEqual([[1]]);
    m.sets[0].release();
    await expect(first).resolves.toBe('done 1');
    await tick();
    expect(m.sets.map((s) => s.items)).toEqual([[1], [2, 3, 4]]);
    m.sets[1].release();
    await expect(Promise.all(rest)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('bounds a set by jobs and by events, and runs up to inFlight sets at once', async () => {
    const m = manual();
    const c = new JobSetCollector(m.apply, (i: number) => i, { maxJobs: 2, maxEvents: 10, inFlight: 2 });
    for (const i of [1, 2, 3, 4, 5, 6, 9]) void c.submit(i);
    await tick();
    // Two sets at once, each started as soon as its job came.
    expect(m.sets.map((s) => s.items)).toEqual([[1], [2]]);
    m.sets[0].release();
    await tick();
    expect(m.sets[2].items).toEqual([3, 4]); // maxJobs 2
    m.sets[1].release();
    await tick();
    expect(m.sets[3].items).toEqual([5]); // 5 + 6 > maxEvents 10
    m.sets[2].release();
    m.sets[3].release();
    await tick();
    expect(m.sets.slice(4).map((s) => s.items)).toEqual([[6], [9]]);
    expect(c.waiting).toBe(0);
  });

  it('gives each job its own outcome: one failure does not fail the others', async () => {
    const c = new JobSetCollector<number, string>(
      async (items) => items.map((i) => (i === 2 ? { ok: false, error: new Error('poison 2') } : { ok: true, value: `ok ${i}` })),
      () => 1,
      { maxJobs: 10, maxEvents: 100, inFlight: 1 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((i) => c.submit(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['ok 1', 'poison 2', 'ok 3']);
  });

  it('fails every job of a set whose applier throws', async () => {
    const c = new JobSetCollector<number, string>(async () => Promise.reject(new Error('boom')), () => 1, { maxJobs: 10, maxEvents: 100, inFlight: 1 });
    await expect(c.submit(1)).rejects.toThrow('boom');
  });
});
