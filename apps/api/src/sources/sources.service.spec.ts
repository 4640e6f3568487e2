/**
 * The Sources summary against the real PostgreSQL, fed by the real recorder (`SourceActivity`):
 * every source a tenant has one of is listed, events of the UTC day and in all, the latest errors
 * newest first and bounded, Meta sources by name, another tenant's activity never shown.
 */
import { randomUUID } from 'node:crypto';
import { SOURCE_ERRORS_SHOWN } from '@leadboard/contracts';
import { SourceActivity, type MetaSourceStore } from '@leadboard/server';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { SourceHealthReader } from './source-health.reader';
import { SourcesService } from './sources.service';

let db: TestDatabase;
let activity: SourceActivity;
let metaSources: { id: string; name: string }[] = [];

/** Only the ids and names of the tenant's Meta sources are read. */
const metaStore = { list: async () => metaSources } as unknown as MetaSourceStore;

async function tenant(): Promise<string> {
  const id = randomUUID();
  await db.ds.query(`INSERT INTO tenants (id, name) VALUES ($1, 't')`, [id]);
  return id;
}

beforeAll(async () => {
  db = await createTestDatabase('sources');
  activity = new SourceActivity(db.ds);
});

afterAll(async () => db.drop());

beforeEach(() => {
  metaSources = [];
});

const service = () => new SourcesService(new SourceHealthReader(db.ds), metaStore);

it('lists the HTTP API, VICIdial and CSV sources of a new tenant, with nothing yet', async () => {
  const t = await tenant();
  const view = await service().list(t, 'https://leadboard.example.it');
  expect(view.sources.map((s) => [s.kind, s.id, s.lastEventAt, s.eventsToday, s.eventsTotal, s.errors])).toEqual([
    ['api', null, null, 0, 0, []],
    ['vicidial', null, null, 0, 0, []],
    ['csv', null, null, 0, 0, []],
  ]);
  const [{ today }] = (await db.ds.query(`SELECT (now() AT TIME ZONE 'UTC')::date::text AS today`)) as { today: string }[];
  expect(view.today).toBe(today);
  expect(view.ingestUrl).toBe('https://leadboard.example.it/api/v1/events');
});

it('counts events of the UTC day apart from earlier days, and keeps the latest event time', async () => {
  const t = await tenant();
  const now = new Date();
  const yesterday = new Date(now.getTime() - 26 * 3600_000);
  await activity.recordAccepted(t, { kind: 'vicidial' }, 7, yesterday);
  await activity.recordAccepted(t, { kind: 'vicidial' }, 2, now);
  await activity.recordAccepted(t, { kind: 'api' }, 5, yesterday);
  const view = await service().list(t, 'https://leadboard.example.it');
  const vicidial = view.sources.find((s) => s.kind === 'vicidial');
  const api = view.sources.find((s) => s.kind === 'api');
  expect(vicidial).toMatchObject({ eventsToday: 2, eventsTotal: 9, lastEventAt: now.toISOString() });
  expect(api).toMatchObject({ eventsToday: 0, eventsTotal: 5, lastEventAt: yesterday.toISOString() });
});

it(`shows the latest ${SOURCE_ERRORS_SHOWN} errors of each source, newest first, with their time`, async () => {
  const t = await tenant();
  const base = Date.now() - 3600_000;
  for (let i = 0; i < SOURCE_ERRORS_SHOWN + 3; i++) await activity.recordError(t, { kind: 'csv' }, `row ${i} rejected`, new Date(base + i * 1000));
  await activity.recordError(t, { kind: 'api' }, '400 1 invalid event(s)', new Date(base));
  const view = await service().list(t, 'https://leadboard.example.it');
  const csv = view.sources.find((s) => s.kind === 'csv')!;
  expect(csv.errors).toHaveLength(SOURCE_ERRORS_SHOWN);
  expect(csv.errors[0]).toEqual({ at: new Date(base + (SOURCE_ERRORS_SHOWN + 2) * 1000).toISOString(), message: `row ${SOURCE_ERRORS_SHOWN + 2} rejected` });
  expect(csv.errors.at(-1)?.message).toBe('row 3 rejected');
  expect(view.sources.find((s) => s.kind === 'api')!.errors.map((e) => e.message)).toEqual(['400 1 invalid event(s)']);
});

it('lists each configured Meta source by name between VICIdial and CSV, with its own figures (a removed one’s past counts are not shown)', async () => {
  const t = await tenant();
  metaSources = [
    { id: 'm-2', name: 'Pagina Solare' },
    { id: 'm-1', name: 'Pagina Acqua' },
  ];
  await activity.recordAccepted(t, { kind: 'meta', id: 'm-2' }, 3);
  await activity.recordError(t, { kind: 'meta', id: 'm-1' }, 'token expired (190)');
  await activity.recordAccepted(t, { kind: 'meta', id: 'm-gone' }, 1);
  const view = await service().list(t, 'https://leadboard.example.it');
  expect(view.sources.map((s) => [s.kind, s.id, s.name, s.eventsToday])).toEqual([
    ['api', null, null, 0],
    ['vicidial', null, null, 0],
    ['meta', 'm-1', 'Pagina Acqua', 0],
    ['meta', 'm-2', 'Pagina Solare', 3],
    ['csv', null, null, 0],
  ]);
  expect(view.sources[2].errors.map((e) => e.message)).toEqual(['token expired (190)']);
});

it('never shows another tenant’s activity', async () => {
  const mine = await tenant();
  const other = await tenant();
  await activity.recordAccepted(other, { kind: 'api' }, 4);
  await activity.recordError(other, { kind: 'api' }, 'theirs');
  const view = await service().list(mine, 'https://leadboard.example.it');
  expect(view.sources.find((s) => s.kind === 'api')).toMatchObject({ eventsToday: 0, eventsTotal: 0, errors: [] });
});
