/** Meta sources in the real PostgreSQL: secrets sealed at rest, tenants apart, health shown. */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadAppConfig, type AppConfig } from '../../config/app-config';
import { SecretsKeyMissingError } from '../../secrets/secret-box';
import { SourceActivity } from '../../sources/source-activity';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database';
import { MetaSourceStore } from './meta-source.store';

let db: TestDatabase;
let store: MetaSourceStore;
let config: AppConfig;
const tenantA = randomUUID();
const tenantB = randomUUID();
const input = { name: 'Page Acqua', appSecret: 'app-secret-value-1', pageAccessToken: 'EAAB-page-token-1', defaultCampaignId: 'c-water', forms: { '555': 'c-ebook' } };

beforeAll(async () => {
  db = await createTestDatabase('meta_sources');
  config = loadAppConfig({ SECRETS_KEY: randomBytes(32).toString('base64') });
  store = new MetaSourceStore(db.ds, config);
  await db.ds.query(`INSERT INTO tenants (id, name) VALUES ($1, 'a'), ($2, 'b')`, [tenantA, tenantB]);
});

afterAll(async () => db.drop());

it('stores secrets sealed, never in clear, and opens them only for a fetch', async () => {
  const created = await store.create(tenantA, input);
  expect(created).toMatchObject({ name: 'Page Acqua', defaultCampaignId: 'c-water', forms: { '555': 'c-ebook' }, hasAppSecret: true, hasPageAccessToken: true });
  expect(created.verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(JSON.stringify(created)).not.toMatch(/app-secret-value-1|EAAB-page-token-1/);

  const [row] = (await db.ds.query('SELECT * FROM meta_sources WHERE id = $1', [created.id])) as Record<string, unknown>[];
  expect(JSON.stringify(row)).not.toMatch(/app-secret-value-1|EAAB-page-token-1/);

  expect(await store.fetchTarget(tenantA, created.id)).toMatchObject({ pageAccessToken: 'EAAB-page-token-1', appSecret: 'app-secret-value-1', forms: { '555': 'c-ebook' } });
  const target = await store.webhookTarget(created.id);
  expect(target && store.openAppSecret(target)).toBe('app-secret-value-1');
});

it('keeps tenants apart and treats ids that are not UUIDs as unknown', async () => {
  const created = await store.create(tenantA, { ...input, verifyToken: 'my-verify-token' });
  expect(created.verifyToken).toBe('my-verify-token');
  expect(await store.get(tenantB, created.id)).toBeNull();
  expect(await store.update(tenantB, created.id, { name: 'stolen' })).toBeNull();
  expect(await store.remove(tenantB, created.id)).toBe(false);
  expect(await store.fetchTarget(tenantB, created.id)).toBeNull();
  expect(await store.get(tenantA, "1' OR '1'='1")).toBeNull();
  expect(await store.webhookTarget('not-a-uuid')).toBeNull();
  expect((await store.list(tenantB)).length).toBe(0);
});

it('shows the token error until a new token, the latest error and the last lead', async () => {
  const created = await store.create(tenantA, input);
  await store.setTokenError(tenantA, created.id, { code: 190, message: 'Graph API error 190 OAuthException: expired' }, new Date('2026-11-30T10:00:00Z'));
  const activity = new SourceActivity(db.ds);
  await activity.recordError(tenantA, { kind: 'meta', id: created.id }, 'older', new Date('2026-11-30T09:00:00Z'));
  await activity.recordError(tenantA, { kind: 'meta', id: created.id }, 'latest', new Date('2026-11-30T10:00:00Z'));
  await activity.recordAccepted(tenantA, { kind: 'meta', id: created.id }, 1, new Date('2026-11-29T08:00:00Z'));
  await activity.recordAccepted(tenantA, { kind: 'meta', id: created.id }, 1, new Date('2026-11-30T08:00:00Z'));

  expect(await store.get(tenantA, created.id)).toMatchObject({
    tokenError: { code: 190, message: 'Graph API error 190 OAuthException: expired', at: '2026-11-30T10:00:00.000Z' },
    lastError: { message: 'latest', at: '2026-11-30T10:00:00.000Z' },
    lastLeadAt: '2026-11-30T08:00:00.000Z',
  });

  const renamed = await store.update(tenantA, created.id, { name: 'renamed', forms: {} });
  expect(renamed).toMatchObject({ name: 'renamed', forms: {}, tokenError: { code: 190 } });
  const fixed = await store.update(tenantA, created.id, { pageAccessToken: 'EAAB-page-token-2' });
  expect(fixed?.tokenError).toBeUndefined();
  expect((await store.fetchTarget(tenantA, created.id))?.pageAccessToken).toBe('EAAB-page-token-2');

  expect(await store.remove(tenantA, created.id)).toBe(true);
  expect(await store.get(tenantA, created.id)).toBeNull();
  const errors = (await db.ds.query(`SELECT count(*)::int AS n FROM source_errors WHERE source_id = $1`, [created.id])) as { n: number }[];
  expect(errors[0].n).toBe(0);
});

it('refuses to store or read secrets without SECRETS_KEY, naming the variable', async () => {
  const keyless = new MetaSourceStore(db.ds, loadAppConfig({}));
  await expect(keyless.create(tenantA, input)).rejects.toThrow(SecretsKeyMissingError);
  await expect(keyless.create(tenantA, input)).rejects.toThrow(/SECRETS_KEY is not set/);
  const created = await store.create(tenantA, input);
  // Changing what is not a secret needs no key; a secret does.
  expect(await keyless.update(tenantA, created.id, { name: 'no key needed' })).toMatchObject({ name: 'no key needed' });
  await expect(keyless.update(tenantA, created.id, { appSecret: 'new' })).rejects.toThrow(/SECRETS_KEY/);
  await expect(keyless.fetchTarget(tenantA, created.id)).rejects.toThrow(/SECRETS_KEY/);
});

it('fails at boot on a SECRETS_KEY that is too short, naming it', () => {
  expect(() => loadAppConfig({ SECRETS_KEY: randomBytes(8).toString('hex') })).toThrow(/SECRETS_KEY: must/);
});
