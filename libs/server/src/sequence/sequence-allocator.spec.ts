/** The one sequence allocator against the real PostgreSQL: gap-free, increasing, per campaign, under concurrency. */
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { SequenceAllocator } from './sequence-allocator';

let db: TestDatabase;
let tenantId: string;
const allocator = new SequenceAllocator();

beforeAll(async () => {
  db = await createTestDatabase('sequence');
  tenantId = randomUUID();
  await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'seq']);
  await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-a', 'a'), ($1, 'c-b', 'b')`, [tenantId]);
});
afterAll(async () => {
  await db?.drop();
});

it('hands out consecutive blocks per campaign, skips zero counts and unknown campaigns', async () => {
  const first = await allocator.take(db.ds, tenantId, new Map([['c-b', 2], ['c-a', 3], ['c-none', 1], ['c-zero', 0]]));
  expect([...first.keys()].sort()).toEqual(['c-a', 'c-b']);
  const next = await allocator.take(db.ds, tenantId, new Map([['c-a', 1]]));
  expect(next.get('c-a')).toBe(first.get('c-a')! + 3);
  expect(await allocator.block(db.ds, tenantId, 'c-b', 2)).toEqual([first.get('c-b')! + 2, first.get('c-b')! + 3]);
  expect(await allocator.block(db.ds, tenantId, 'c-b', 0)).toEqual([]);
});

it('gives concurrent transactions disjoint blocks with no gap between them', async () => {
  const [{ seq: before }] = (await db.ds.query(`SELECT seq FROM campaigns WHERE tenant_id = $1 AND id = 'c-a'`, [tenantId])) as { seq: string }[];
  const blocks = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      db.ds.transaction(async (m) => {
        const firsts = await allocator.take(m, tenantId, new Map([['c-a', i + 1], ['c-b', 1]]));
        return Array.from({ length: i + 1 }, (_, k) => firsts.get('c-a')! + k);
      }),
    ),
  );
  const all = blocks.flat().sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: 36 }, (_, k) => Number(before) + 1 + k));
});

it('deals the seqs of a block in order, and refuses a campaign it has none for', () => {
  const take = SequenceAllocator.dealer(new Map([['c-a', 10]]));
  expect([take('c-a'), take('c-a')]).toEqual([10, 11]);
  expect(() => take('c-b')).toThrow('no seq taken for campaign c-b');
});
