/**
 * @jest-environment node
 *
 * The managers' view in a real browser (Debian Chromium through playwright-core) against the real
 * stack: built API + worker + `vite preview` of the built dashboard. A manager logs in, opens
 * /manager, selects several prospects a junior qualified and drags them onto a senior closer; the
 * manager view and an open wall screen both get the new owner and load. A move that races another
 * manager's is refused with a 409 the page explains (and it refreshes); a move to a junior shows the
 * warning; suggestions are applied one by one and all at once; the hot-lead queue is grouped by company
 * ("by account") and a lead is still assigned in one click from its group. Last, the Italian screenshot
 * docs/screenshots/manager-it.png of a campaign with realistic data.
 *
 * Needs the api, worker and dashboard builds (the harness builds nothing).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { IngestEventInput, QueueResponse, ReassignmentSuggestions } from '@leadboard/contracts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';

const execFileAsync = promisify(execFile);

const CAMPAIGN = 'c-closers';
const SCREENSHOT_CAMPAIGN = 'c-fotovoltaico';
const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
/** Events go through the queue and the worker before the page can show them. */
const LIVE_TIMEOUT_MS = 30_000;

jest.setTimeout(180_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let manager: { email: string; password: string };
let adminToken: string;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];
const run = randomUUID().slice(0, 8);
let eventCount = 0;
const startedAt = Date.now() - 10 * 60_000;

const JUNIOR = 'op-luca';
const MARCO = 'op-marco';
const GIULIA = 'op-giulia';
const leadId = (n: number) => `L-${run}-${n}`;
const LEADS = [1, 2, 3, 4, 5, 6, 7, 8].map(leadId);

function nextEvent(at?: number): { eventId: string; occurredAt: string } {
  eventCount += 1;
  return { eventId: `e-${run}-${String(eventCount).padStart(5, '0')}`, occurredAt: new Date(at ?? startedAt + eventCount * 1000).toISOString() };
}

function operatorState(campaignId: string, operatorId: string, name: string, seniority: 'junior' | 'senior', state = 'available', at?: number): IngestEventInput {
  return { ...nextEvent(at), type: 'operator.state', campaignId, operatorId, state, operator: { name, seniority } } as IngestEventInput;
}

function leadCreated(campaignId: string, id: string, at?: number): IngestEventInput {
  return { ...nextEvent(at), type: 'lead.created', campaignId, leadId: id, lead: { source: 'meta_ads' } } as IngestEventInput;
}

function callOutcome(campaignId: string, id: string, operatorId: string, disposition: string, at?: number, extra: Record<string, unknown> = {}): IngestEventInput {
  return { ...nextEvent(at), type: 'call.outcome', campaignId, leadId: id, operatorId, disposition, talkSeconds: 180, wrapSeconds: 20, ...extra } as IngestEventInput;
}

async function send(events: IngestEventInput[], ingestKey = tenant.ingestKey): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await postEvents(stack!, ingestKey, events.slice(i, i + 1000));
    if (res.status !== 202) throw new Error(`POST /api/v1/events: expected 202, got ${res.status} ${await res.text()}`);
  }
}

/** A user of the tenant, made with the operator CLI as the README says. */
async function createUser(tenantId: string, role: 'manager' | 'supervisor', email = `${role}-${run}@example.com`): Promise<{ email: string; password: string }> {
  const { stdout } = await execFileAsync(process.execPath, ['dist/apps/api/cli.js', 'user:create', '--tenant', tenantId, '--email', email, '--role', role, '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...stack!.env },
  });
  return JSON.parse(stdout) as { email: string; password: string };
}

/** Polls the API until `check` holds for the campaign's leads of a stage (the worker has applied the events). */
async function waitForLeads(
  campaignId: string,
  stage: string,
  check: (items: { leadId: string; ownerOperatorId: string | null }[]) => boolean,
  token = adminToken,
): Promise<void> {
  const deadline = Date.now() + LIVE_TIMEOUT_MS;
  let seen: unknown = null;
  while (Date.now() < deadline) {
    const res = await getJson<{ items: { leadId: string; ownerOperatorId: string | null }[] }>(stack!, `/api/v1/campaigns/${campaignId}/leads?stage=${stage}&limit=500`, token);
    seen = res.body;
    if (res.status === 200 && check(res.body.items)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`leads of ${campaignId} (${stage}) never matched; last seen ${JSON.stringify(seen)}`);
}

async function reassignAsAdmin(leadIds: string[], toOperatorId: string, reason: string, token = adminToken): Promise<void> {
  const res = await fetch(`${stack!.apiUrl}/api/v1/leads/reassign`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ leadIds, toOperatorId, reason }),
  });
  if (res.status !== 200) throw new Error(`admin reassign: ${res.status} ${await res.text()}`);
}

async function newPage(locale = 'en-US', viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const context = await browser!.newContext({ locale, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(LIVE_TIMEOUT_MS);
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

const byTestId = (id: string) => `[data-testid="${id}"]`;
const row = (id: string) => `${byTestId('hot-lead-row')}[data-lead-id="${id}"]`;
const column = (id: string) => `${byTestId('manager-operator')}[data-operator-id="${id}"]`;

/** Reads until `ok` holds; on timeout says what was seen last. */
async function eventually<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + LIVE_TIMEOUT_MS;
  let last: T;
  do {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < deadline);
  throw new Error(`${what}: expected within ${LIVE_TIMEOUT_MS} ms, last saw ${JSON.stringify(last)}`);
}

/** The owner each lead has on the manager's page (null: the row is missing). */
function ownersOn(page: Page, leadIds: string[]): Promise<Record<string, string | null>> {
  return page.evaluate(
    (ids) => Object.fromEntries(ids.map((id) => [id, document.querySelector(`[data-testid="hot-lead-row"][data-lead-id="${id}"]`)?.getAttribute('data-owner-id') ?? null])),
    leadIds,
  );
}

async function waitForOwners(page: Page, want: Record<string, string>): Promise<void> {
  await eventually(`owners ${JSON.stringify(want)}`, () => ownersOn(page, Object.keys(want)), (seen) => Object.entries(want).every(([id, o]) => seen[id] === o));
}

/** An operator column's open prospects + opportunities (null: no such column). */
async function hotOf(page: Page, operatorId: string): Promise<number | null> {
  const value = await page.evaluate((id) => document.querySelector(`[data-testid="manager-operator"][data-operator-id="${id}"]`)?.getAttribute('data-hot') ?? null, operatorId);
  return value === null ? null : Number(value);
}

async function waitForHot(page: Page, operatorId: string, hot: number): Promise<void> {
  await eventually(`${operatorId} with ${hot} open prospects + opportunities`, () => hotOf(page, operatorId), (n) => n === hot);
}

/**
 * An operator's open prospects on the wall screen. Its tiles show state, time, calls and
 * conversions today — not open leads — so the load is read from the wall's live store, which its
 * operator grid is drawn from (-1: not there).
 */
function wallOpenProspects(wall: Page, operatorId: string): Promise<number> {
  return wall.evaluate((id) => {
    type Store = { operators: Map<string, { load?: { openLeads: Record<string, number | undefined> } }> };
    type App = { config: { globalProperties: Record<string, unknown> } };
    const app = (document.querySelector('#app') as (Element & { __vue_app__?: App }) | null)?.__vue_app__;
    const pinia = app?.config.globalProperties.$pinia as { _s: Map<string, Store> } | undefined;
    const load = pinia?._s.get('campaignLive')?.operators.get(id)?.load;
    return load ? (load.openLeads.prospect ?? 0) : -1;
  }, operatorId);
}

async function waitForSelected(page: Page, count: number): Promise<void> {
  await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.getAttribute('data-count') === String(n), [byTestId('hot-leads-selected'), count] as const);
}

/** The newest outcome banner: its kind, code and text. */
async function latestOutcome(page: Page): Promise<{ kind: string | null; code: string | null; text: string }> {
  const first = page.locator(byTestId('move-outcome')).first();
  await first.waitFor();
  return { kind: await first.getAttribute('data-kind'), code: await first.getAttribute('data-code'), text: ((await first.textContent()) ?? '').replace(/\s+/g, ' ') };
}

async function waitForOutcomeCode(page: Page, code: string): Promise<void> {
  await eventually(`an outcome "${code}"`, () => page.locator(byTestId('move-outcome')).first().getAttribute('data-code').catch(() => null), (c) => c === code);
}

async function loginAsManager(page: Page, target: string): Promise<void> {
  await page.goto(`${stack!.dashboardUrl}${target}`);
  await page.locator(byTestId('login-email')).fill(manager.email);
  await page.locator(byTestId('login-password')).fill(manager.password);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('manager')).waitFor();
}

async function managerReady(page: Page, campaignId: string, leads: number): Promise<void> {
  await page.waitForFunction(
    ([sel, id]) => document.querySelector(sel)?.getAttribute('data-campaign') === id,
    [byTestId('manager'), campaignId] as const,
    { timeout: LIVE_TIMEOUT_MS },
  );
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'live', byTestId('live-status'), { timeout: LIVE_TIMEOUT_MS });
  await eventually(`${leads} hot leads`, () => page.locator(byTestId('hot-lead-row')).count(), (n) => n === leads);
}

beforeAll(async () => {
  stack = await startStack({ dashboard: true });
  tenant = await createTenant(stack, `manager-${run}`);
  manager = await createUser(tenant.tenantId, 'manager');
  adminToken = await login(stack, tenant.adminEmail, tenant.adminPassword);
  // one junior who qualified eight prospects, two senior closers with nothing yet
  await send([
    operatorState(CAMPAIGN, JUNIOR, 'Luca Bianchi', 'junior'),
    operatorState(CAMPAIGN, MARCO, 'Marco Rossi', 'senior'),
    operatorState(CAMPAIGN, GIULIA, 'Giulia Verdi', 'senior'),
    ...LEADS.flatMap((id) => [leadCreated(CAMPAIGN, id), callOutcome(CAMPAIGN, id, JUNIOR, 'QUALIFIED')]),
  ]);
  await waitForLeads(CAMPAIGN, 'prospect', (items) => items.length === LEADS.length && items.every((l) => l.ownerOperatorId === JUNIOR));
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 60_000);

beforeEach(() => {
  pageErrors = [];
});

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

describe('managers’ view in a browser', () => {
  let page: Page;
  let wall: Page;

  it('moves several prospects to a senior by drag and drop; the manager view and the wall screen show the new owner and load', async () => {
    wall = await newPage('en-US');
    await wall.goto(`${stack!.dashboardUrl}/?wall=${encodeURIComponent(tenant.wallToken)}&campaign=${CAMPAIGN}&rotate=0`);
    await wall.locator(`${byTestId('operator-tile')}[data-operator-id="${MARCO}"]`).waitFor();
    await eventually('wall: Luca with 8 open prospects', () => wallOpenProspects(wall, JUNIOR), (n) => n === 8);
    expect(await wallOpenProspects(wall, MARCO)).toBe(0);

    page = await newPage('en-US');
    await loginAsManager(page, `/manager?campaign=${CAMPAIGN}`);
    await managerReady(page, CAMPAIGN, LEADS.length);
    await waitForHot(page, JUNIOR, 8);
    await waitForHot(page, MARCO, 0);
    expect(await page.locator(`${row(LEADS[0])} ${byTestId('hot-lead-owner')}`).textContent()).toContain('Luca Bianchi');

    // tick the first, shift-click the third: a range of three
    await page.locator(`${row(LEADS[0])} ${byTestId('hot-lead-select')}`).click();
    await page.locator(`${row(LEADS[2])} ${byTestId('hot-lead-select')}`).click({ modifiers: ['Shift'] });
    await waitForSelected(page, 3);

    // drag one of them: the whole selection goes
    await page.dragAndDrop(row(LEADS[1]), column(MARCO));

    await waitForOutcomeCode(page, 'ok');
    expect((await latestOutcome(page)).text).toContain('Done: 3 prospects now with Marco Rossi.');
    await waitForOwners(page, { [LEADS[0]]: MARCO, [LEADS[1]]: MARCO, [LEADS[2]]: MARCO, [LEADS[3]]: JUNIOR });
    await waitForHot(page, MARCO, 3);
    await waitForHot(page, JUNIOR, 5);
    expect(await page.locator(`${column(MARCO)} ${byTestId('manager-operator-open-prospect')}`).textContent()).toBe('3');
    expect(await page.locator(`${row(LEADS[0])} ${byTestId('hot-lead-owner')}`).textContent()).toContain('Marco Rossi');
    await waitForSelected(page, 0);
    // the audit trail has the three moves, by this manager
    await eventually('3 audit rows to Marco', () => page.locator(`${byTestId('audit-row')}[data-to="${MARCO}"]`).count(), (n) => n === 3);
    expect(await page.locator(byTestId('audit')).textContent()).toContain(manager.email);

    // the wall screen got the `reassigned` message: Marco's load is three open prospects, Luca's five
    await eventually('wall: Marco with 3 open prospects', () => wallOpenProspects(wall, MARCO), (n) => n === 3);
    expect(await wallOpenProspects(wall, JUNIOR)).toBe(5);
  });

  it('explains a 409 when another manager moved a lead first: nothing moved, the lead named, the view refreshed', async () => {
    await page.locator(`${row(LEADS[3])} ${byTestId('hot-lead-select')}`).click();
    await page.locator(`${row(LEADS[4])} ${byTestId('hot-lead-select')}`).click();
    await waitForSelected(page, 2);

    // another manager moves one of them between the click and the request reaching the API
    await page.route('**/api/v1/leads/reassign', async (route) => {
      await reassignAsAdmin([LEADS[4]], GIULIA, 'taken by a colleague');
      await route.continue();
    });
    await page.locator(byTestId('move-target')).selectOption(MARCO);
    await page.locator(byTestId('move-submit')).click();

    await waitForOutcomeCode(page, 'owner_changed');
    await page.unroute('**/api/v1/leads/reassign');
    const outcome = await latestOutcome(page);
    expect(outcome.text).toContain('Nothing was moved: 1 prospect changed owner since you looked.');
    expect(outcome.text).toContain(`${LEADS[4]}: now with Giulia Verdi`);
    expect(outcome.text).not.toContain(LEADS[3]);
    // refreshed: the lead shows its new owner, the other one did not move
    await waitForOwners(page, { [LEADS[3]]: JUNIOR, [LEADS[4]]: GIULIA });
    await waitForHot(page, MARCO, 3);
    await waitForHot(page, GIULIA, 1);
    await page.locator(byTestId('hot-leads-clear')).click();
    await waitForSelected(page, 0);
  });

  it('moves with the form to a junior, and warns that prospects belong with a senior', async () => {
    await page.locator(`${row(LEADS[4])} ${byTestId('hot-lead-select')}`).click();
    await page.locator(byTestId('move-target')).selectOption(JUNIOR);
    expect(await page.locator(byTestId('move-form')).textContent()).toContain('Junior: prospects belong with senior closers');
    await page.locator(byTestId('move-reason')).fill('back to Luca for a second qualification call');
    await page.locator(byTestId('move-submit')).click();

    await waitForOutcomeCode(page, 'warning');
    const outcome = await latestOutcome(page);
    expect(outcome.text).toContain('Done: 1 prospect now with Luca Bianchi.');
    expect(outcome.text).toContain('Moved, but Luca Bianchi is a junior');
    await waitForOwners(page, { [LEADS[4]]: JUNIOR });
    await waitForHot(page, GIULIA, 0);
    await eventually('the reason in the audit trail', async () => (await page.locator(byTestId('audit')).textContent()) ?? '', (t) =>
      t.includes('back to Luca for a second qualification call'),
    );
  });

  it('applies a suggestion, then all the others', async () => {
    // five prospects with the junior: the policy gives them to the seniors with room
    const first = page.locator(byTestId('suggestion')).first();
    await first.waitFor();
    const to = (await first.getAttribute('data-to'))!;
    const count = Number(await first.getAttribute('data-count'));
    expect([MARCO, GIULIA]).toContain(to);
    expect(count).toBeGreaterThan(0);
    const before = (await hotOf(page, to))!;

    await first.locator(byTestId('suggestion-apply')).click();
    await waitForOutcomeCode(page, 'ok');
    await waitForHot(page, to, before + count);
    expect((await latestOutcome(page)).text).toMatch(/Done: \d+ prospects? now with (Marco Rossi|Giulia Verdi)\./);

    if ((await page.locator(byTestId('suggestion')).count()) > 0) await page.locator(byTestId('suggestions-apply-all')).click();
    await page.locator(byTestId('suggestions-none')).waitFor();
    // nothing left with the junior: every prospect is with a senior, and the loads add up
    await waitForHot(page, JUNIOR, 0);
    const owners = await ownersOn(page, LEADS);
    expect(Object.values(owners).every((o) => o === MARCO || o === GIULIA)).toBe(true);
    expect((await hotOf(page, MARCO))! + (await hotOf(page, GIULIA))!).toBe(LEADS.length);
    await eventually('wall: Luca with no open prospects', () => wallOpenProspects(wall, JUNIOR), (n) => n === 0);
  });

  it('links the console to the managers’ view for a manager', async () => {
    await page.locator(byTestId('open-console')).click();
    await page.locator(byTestId('console')).waitFor();
    await page.locator(byTestId('open-manager')).click();
    await page.locator(byTestId('manager')).waitFor();
    expect(new URL(page.url()).pathname).toBe('/manager');
  });

  it('groups the hot-lead queue by company, best priority first, with "No company"; one click still assigns', async () => {
    const B2B = 'c-accounts';
    const SARA = 'op-sara';
    const withCompany = (id: string, company: string | null, attributes: Record<string, string> = {}): IngestEventInput =>
      ({ ...nextEvent(), type: 'lead.created', campaignId: B2B, leadId: id, lead: { source: 'trade_fair', attributes, ...(company ? { company: { name: company } } : {}) } }) as IngestEventInput;
    const b2b = (n: string) => `B-${run}-${n}`;
    await send([
      operatorState(B2B, SARA, 'Sara Neri', 'senior'),
      withCompany(b2b('lago-1'), 'Hotel Lago'),
      withCompany(b2b('sud-1'), 'Idraulica Sud', { urgency: 'subito' }),
      withCompany(b2b('none-1'), null),
      withCompany(b2b('lago-2'), 'Hotel Lago', { urgency: 'subito' }),
      withCompany(b2b('none-2'), null, { need: 'urgente' }),
    ]);
    // the queue as the API orders it, each lead with its company (the worker has applied the events)
    const api = await eventually(
      'five leads with their companies in the queue',
      async () => (await getJson<QueueResponse>(stack!, `/api/v1/campaigns/${B2B}/queue`, adminToken)).body,
      (q) => q.items?.length === 5 && q.items.filter((i) => i.account).length === 3,
    );
    const expected: { name: string; leads: string[] }[] = [];
    for (const item of api.items) {
      const name = item.account?.name ?? 'No company';
      const group = expected.find((g) => g.name === name) ?? expected[expected.push({ name, leads: [] }) - 1];
      group.leads.push(item.leadId);
    }
    expect(expected.map((g) => g.name).sort()).toEqual(['Hotel Lago', 'Idraulica Sud', 'No company']);

    const q = await newPage('en-US');
    await loginAsManager(q, `/manager?campaign=${B2B}`);
    const queueRows = q.locator(byTestId('queue-row'));
    await eventually('the queue rows', () => queueRows.count(), (n) => n === 5);
    expect(await q.locator(byTestId('queue-group')).count()).toBe(0);
    expect(await queueRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lead-id')))).toEqual(api.items.map((i) => i.leadId));

    await q.locator(byTestId('queue-order-account')).click();
    expect(await q.locator(byTestId('queue-order-account')).getAttribute('aria-pressed')).toBe('true');
    const groups = q.locator(byTestId('queue-group'));
    await eventually('three groups', () => groups.count(), (n) => n === 3);
    const shown = await groups.evaluateAll((els) =>
      els.map((g) => ({
        name: g.querySelector('[data-testid="queue-group-name"]')?.textContent?.trim() ?? '',
        figures: g.querySelector('[data-testid="queue-group-figures"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        leads: [...g.querySelectorAll('[data-testid="queue-row"]')].map((r) => r.getAttribute('data-lead-id')),
      })),
    );
    expect(shown.map(({ name, leads }) => ({ name, leads }))).toEqual(expected);
    // each company's count and its best priority (its first lead's, the queue being hottest first)
    for (const g of shown) {
      const best = api.items.find((i) => i.leadId === g.leads[0])!.priority;
      expect(g.figures).toContain(`Leads: ${g.leads.length} · best priority ${best}`);
    }
    const priorities = shown.map((g) => api.items.find((i) => i.leadId === g.leads[0])!.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);

    // one click from inside a group gives the lead to the senior
    const lago = q.locator(`${byTestId('queue-group')}[data-account-id="${api.items.find((i) => i.account?.name === 'Hotel Lago')!.account!.accountId}"]`);
    const target = await lago.locator(byTestId('queue-row')).first().getAttribute('data-lead-id');
    await eventually('the assign button', () => lago.locator(byTestId('queue-assign')).count(), (n) => n === 2);
    // the senior with the most room (operators are the tenant's: the closers of the tests above may be it)
    const seniors: Record<string, string> = { 'Sara Neri': SARA, 'Marco Rossi': MARCO, 'Giulia Verdi': GIULIA };
    const label = (await lago.locator(byTestId('queue-assign')).first().textContent()) ?? '';
    const [seniorName, seniorId] = Object.entries(seniors).find(([name]) => label.includes(name)) ?? ['', ''];
    expect(seniorId).not.toBe('');
    await lago.locator(byTestId('queue-assign')).first().click();
    await eventually(
      'the new owner over the API',
      async () => (await getJson<{ ownerOperatorId: string | null }>(stack!, `/api/v1/leads/${target}`, adminToken)).body.ownerOperatorId,
      (o) => o === seniorId,
    );
    await eventually(
      'the new owner in its group',
      () => q.locator(`${byTestId('queue-group')} ${byTestId('queue-row')}[data-lead-id="${target}"] ${byTestId('queue-owner')}`).textContent(),
      (t) => (t ?? '').includes(seniorName),
    );

    await q.locator(byTestId('queue-order-call')).click();
    expect(await q.locator(byTestId('queue-group')).count()).toBe(0);
    expect(await queueRows.count()).toBe(5);
  });

  it('tells a supervisor the view is for managers, and offers no link to it', async () => {
    const supervisor = await createUser(tenant.tenantId, 'supervisor');
    const sup = await newPage('en-US');
    await sup.goto(`${stack!.dashboardUrl}/`);
    await sup.locator(byTestId('login-email')).fill(supervisor.email);
    await sup.locator(byTestId('login-password')).fill(supervisor.password);
    await sup.locator(byTestId('login-submit')).click();
    await sup.locator(byTestId('console')).waitFor();
    await sup.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'live', byTestId('live-status'));
    expect(await sup.locator(byTestId('open-manager')).count()).toBe(0);
    await sup.goto(`${stack!.dashboardUrl}/manager?campaign=${CAMPAIGN}`);
    expect(await sup.locator(byTestId('manager-forbidden')).textContent()).toContain('This view is for managers and administrators');
    expect(await sup.locator(byTestId('move-submit')).isDisabled()).toBe(true);
  });
});

describe('screenshot', () => {
  it('shows the managers’ view in Italian with realistic data (docs/screenshots/manager-it.png)', async () => {
    // a tenant of its own: the operators of the tests above do not show up
    const solar = await createTenant(stack!, 'Acqua & Sole Srl');
    const boss = await createUser(solar.tenantId, 'manager', `francesca.moretti-${run}@acquaesole.example`);
    const solarAdmin = await login(stack!, solar.adminEmail, solar.adminPassword);
    const c = SCREENSHOT_CAMPAIGN;
    const now = Date.now();
    const ago = (minutes: number) => now - minutes * 60_000;
    const seniors = [
      ['op-s-marco', 'Marco Rossi', 'on_call'],
      ['op-s-giulia', 'Giulia Conti', 'available'],
      ['op-s-paolo', 'Paolo Greco', 'wrap_up'],
      ['op-s-sara', 'Sara Romano', 'offline'],
    ] as const;
    const juniors = [
      ['op-j-luca', 'Luca Bianchi', 'on_call'],
      ['op-j-chiara', 'Chiara Ferri', 'available'],
      ['op-j-davide', 'Davide Costa', 'paused'],
      ['op-j-elena', 'Elena Marino', 'on_call'],
    ] as const;
    const events: IngestEventInput[] = [];
    for (const [id, name, state] of seniors) events.push(operatorState(c, id, name, 'senior', 'available', ago(240)), operatorState(c, id, name, 'senior', state, ago(3 + id.length)));
    for (const [id, name, state] of juniors) events.push(operatorState(c, id, name, 'junior', 'available', ago(240)), operatorState(c, id, name, 'junior', state, ago(2 + id.length)));
    const lead = (n: number) => `FV-${run.slice(0, 4)}-${String(1000 + n)}`;
    let n = 0;
    // juniors' warm calls: contacted, qualified (some long ago), callbacks
    for (const [j, [jid]] of juniors.entries()) {
      for (let k = 0; k < 9; k++) {
        const id = lead(++n);
        const at = ago(200 - k * 17 - j * 5);
        events.push(leadCreated(c, id, at - 600_000));
        const outcome = k % 3 === 0 ? 'QUALIFIED' : k % 3 === 1 ? 'INTERESTED' : 'QUALIFIED';
        events.push(callOutcome(c, id, jid, outcome, at));
        if (k === 4) events.push(callOutcome(c, id, jid, 'CALLBACK', at + 60_000, { callbackAt: new Date(ago(5)).toISOString() }));
      }
    }
    // seniors' prospects and appointments, a few sales today
    for (const [s, [sid]] of seniors.entries()) {
      for (let k = 0; k < 4 + s * 2; k++) {
        const id = lead(++n);
        const at = ago(150 - k * 9 - s * 4);
        events.push(leadCreated(c, id, at - 900_000), callOutcome(c, id, sid, k % 4 === 3 ? 'APPOINTMENT_SET' : 'TRANSFERRED', at));
        if (k % 5 === 4) events.push(callOutcome(c, id, sid, 'SALE', at + 1_200_000));
      }
    }
    await send(events, solar.ingestKey);
    await waitForLeads(c, 'prospect', (items) => items.length >= 25, solarAdmin);
    await new Promise((r) => setTimeout(r, 1_500));
    // earlier moves, for the audit trail
    const hot = await getJson<{ items: { leadId: string; ownerOperatorId: string | null }[] }>(stack!, `/api/v1/campaigns/${c}/leads?stage=prospect&limit=500`, solarAdmin);
    const fromLuca = hot.body.items.filter((l) => l.ownerOperatorId === 'op-j-luca').slice(0, 2).map((l) => l.leadId);
    if (fromLuca.length) await reassignAsAdmin(fromLuca, 'op-s-giulia', 'Prospect caldi a Giulia: appuntamenti in settimana', solarAdmin);

    const italian = await newPage('it-IT', { width: 1920, height: 1200 });
    await italian.goto(`${stack!.dashboardUrl}/login?redirect=${encodeURIComponent(`/manager?campaign=${c}`)}`);
    await italian.locator(byTestId('login-email')).fill(boss.email);
    await italian.locator(byTestId('login-password')).fill(boss.password);
    await italian.locator(byTestId('login-submit')).click();
    await italian.locator(byTestId('manager')).waitFor();
    await italian.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'live', byTestId('live-status'), { timeout: LIVE_TIMEOUT_MS });
    await italian.locator(byTestId('suggestion')).first().waitFor();
    await italian.locator(byTestId('hot-lead-row')).first().waitFor();
    // a manager at work: three of Davide's prospects ticked, one move just made
    const davide = italian.locator(`${byTestId('hot-lead-row')}[data-owner-id="op-j-davide"] ${byTestId('hot-lead-select')}`);
    const ticks = Math.min(3, await davide.count());
    for (let i = 0; i < ticks; i++) await davide.nth(i).click();
    const elena = italian.locator(`${byTestId('hot-lead-row')}[data-owner-id="op-j-elena"]`).first();
    if ((await elena.count()) > 0) await elena.dragTo(italian.locator(column('op-s-paolo')));
    await italian.locator(byTestId('move-outcome')).first().waitFor();
    await italian.waitForTimeout(1_500);
    await italian.locator(byTestId('hot-leads')).evaluate((table) => table.parentElement?.scrollTo(0, 0));
    await italian.locator(byTestId('manager-operator')).first().evaluate((column) => column.parentElement?.scrollTo(0, 0));
    expect(await italian.locator(byTestId('manager')).textContent()).toContain('Operatori e carico di lavoro');
    await italian.screenshot({ path: path.join(SCREENSHOTS, 'manager-it.png'), fullPage: true });
  });
});
