/**
 * @jest-environment node
 *
 * The wall screen and the console in a real browser (Debian Chromium through playwright-core)
 * against the real stack (built API + worker + `vite preview` of the built dashboard):
 * - the wall opens from its token URL and shows the funnel, the operator grid and a raised alert;
 * - a wall token receives no personal data, neither over the socket nor over REST;
 * - cut off, the wall turns stale; back online, its numbers equal a freshly opened page's,
 *   including events posted while it was away;
 * - the console acknowledges an alert and the wall screen drops it.
 *
 * Needs the api, worker and dashboard builds (the harness builds nothing).
 */
import { randomUUID } from 'node:crypto';
import type { CampaignMetrics, IngestEventInput } from '@leadboard/contracts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';

const CAMPAIGN = 'c-wall';
const LIVE_TIMEOUT_MS = 30_000;
const byTestId = (id: string) => `[data-testid="${id}"]`;

jest.setTimeout(150_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let adminToken: string;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
let pageErrors: string[] = [];
const run = randomUUID().slice(0, 8);
let eventCount = 0;
const startedAt = Date.now() - 3 * 60_000;
/** Personal data posted with the leads: none of it may reach a wall screen. */
const personal = { name: `Maria Rossi ${run}`, phone: `+39 333 ${run.replace(/\D/g, '').padEnd(7, '7').slice(0, 7)}`, email: `maria.${run}@example.it` };
let dncAlertId: string | null = null;

function nextEvent(): { eventId: string; occurredAt: string } {
  eventCount += 1;
  return { eventId: `w-${run}-${String(eventCount).padStart(4, '0')}`, occurredAt: new Date(startedAt + eventCount * 1000).toISOString() };
}

const leadCreated = (leadId: string): IngestEventInput =>
  ({ ...nextEvent(), type: 'lead.created', campaignId: CAMPAIGN, leadId, lead: { source: 'web_form', ...personal } }) as IngestEventInput;

const callOutcome = (leadId: string, disposition: string, operatorId = 'op-w1'): IngestEventInput =>
  ({ ...nextEvent(), type: 'call.outcome', campaignId: CAMPAIGN, leadId, operatorId, disposition, talkSeconds: 90, wrapSeconds: 15 }) as IngestEventInput;

const operatorState = (operatorId: string, state: string, name: string, seniority: 'junior' | 'senior'): IngestEventInput =>
  ({ ...nextEvent(), type: 'operator.state', campaignId: CAMPAIGN, operatorId, state, operator: { name, seniority } }) as IngestEventInput;

async function send(events: IngestEventInput[]): Promise<void> {
  const res = await postEvents(stack!, tenant.ingestKey, events);
  if (res.status !== 202) throw new Error(`POST /api/v1/events: expected 202, got ${res.status} ${await res.text()}`);
}

async function newPage(viewport = { width: 1920, height: 1080 }): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser!.newContext({ locale: 'en-US', viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(LIVE_TIMEOUT_MS);
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return { page, context };
}

const wallUrl = () => `${stack!.dashboardUrl}/?wall=${encodeURIComponent(tenant.wallToken)}&campaign=${CAMPAIGN}&rotate=0`;

async function attr(page: Page, testId: string, name: string): Promise<string | null> {
  return page.locator(byTestId(testId)).first().getAttribute(name);
}

async function waitForAttr(page: Page, testId: string, name: string, predicate: (v: string | null) => boolean, what: string, timeout = LIVE_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let seen: string | null = null;
  while (Date.now() < deadline) {
    seen = await attr(page, testId, name).catch(() => null);
    if (predicate(seen)) return seen;
    await page.waitForTimeout(250);
  }
  throw new Error(`${what}: ${testId}[${name}] did not get there within ${timeout} ms, last seen "${seen}"`);
}

async function openWall(page: Page): Promise<void> {
  await page.goto(wallUrl());
  await page.locator(`${byTestId('funnel-chart')} svg text`).first().waitFor({ state: 'visible' });
  await waitForAttr(page, 'live-status', 'data-state', (v) => v === 'live', 'wall goes live');
  await waitForAttr(page, 'funnel-chart', 'data-funnel', (v) => !!v, 'wall has figures');
}

async function serverFunnel(): Promise<string> {
  const { body } = await getJson<CampaignMetrics>(stack!, `/api/v1/campaigns/${CAMPAIGN}/metrics`, adminToken);
  return [body.funnel.new, body.funnel.contacted, body.funnel.prospect, body.funnel.opportunity, body.funnel.customer].join(',');
}

beforeAll(async () => {
  stack = await startStack({ dashboard: true });
  tenant = await createTenant(stack, `wall-${run}`);
  adminToken = await login(stack, tenant.adminEmail, tenant.adminPassword);
  await send([
    operatorState('op-w1', 'on_call', 'Giulia Bianchi', 'junior'),
    operatorState('op-w2', 'paused', 'Marco Verdi', 'senior'),
    operatorState('op-w3', 'available', 'Chloé Martin', 'junior'),
    ...[1, 2, 3, 4].map((n) => leadCreated(`L-${run}-${n}`)),
    callOutcome(`L-${run}-1`, 'INTERESTED'),
    callOutcome(`L-${run}-2`, 'QUALIFIED', 'op-w2'),
  ]);
  // the campaign exists and its figures are in before the wall opens
  const deadline = Date.now() + LIVE_TIMEOUT_MS;
  while ((await serverFunnel().catch(() => '')) !== '4,2,1,0,0') {
    if (Date.now() > deadline) throw new Error(`campaign figures never reached 4,2,1,0,0 (saw ${await serverFunnel().catch((e) => e.message)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launchChromium();
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

describe('wall screen in a browser', () => {
  it('opens from its token URL with the funnel and the operator grid, shows a raised alert, and gets no personal data', async () => {
    const { page } = await newPage();
    const received: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
    page.on('response', (res) => {
      if (res.url().includes('/api/')) void res.text().then((body) => received.push(body), () => undefined);
    });

    await openWall(page);
    expect(await page.locator(byTestId('login-email')).count()).toBe(0);
    expect(await attr(page, 'funnel-chart', 'data-funnel')).toBe('4,2,1,0,0');
    const funnelText = await page.locator(`${byTestId('funnel-chart')} svg text`).allTextContents();
    expect(funnelText.join(' ')).toMatch(/Leads\s*4.*Contacted\s*2.*50%.*Prospects\s*1/s);

    // one tile per operator: name, seniority, state with its time
    await page.locator(`${byTestId('operator-tile')}[data-operator-id="op-w3"]`).waitFor();
    const tiles = page.locator(byTestId('operator-tile'));
    expect(await tiles.count()).toBe(3);
    const marco = page.locator(`${byTestId('operator-tile')}[data-operator-id="op-w2"]`);
    expect(await marco.getAttribute('data-tone')).toBe('paused');
    expect(await marco.textContent()).toMatch(/Marco V\..*SR.*Paused.*\d+:\d\d/s);
    expect(await page.locator(`${byTestId('operator-tile')}[data-operator-id="op-w1"]`).getAttribute('data-tone')).toBe('inCall');

    // a call to a do-not-call lead: a critical alert at once, on the banner
    expect(await page.locator(byTestId('alert-banner')).count()).toBe(0);
    await send([callOutcome(`L-${run}-3`, 'DO_NOT_CALL'), callOutcome(`L-${run}-3`, 'INTERESTED', 'op-w3')]);
    const item = page.locator(`${byTestId('alert-banner-item')}[data-rule="dnc_violation"]`);
    await item.waitFor();
    expect(await item.getAttribute('data-severity')).toBe('critical');
    expect(await item.textContent()).toMatch(new RegExp(`CRITICAL|Critical`));
    expect(await item.textContent()).toContain(`L-${run}-3`);
    // the operator is named, not shown as an id
    expect(await item.textContent()).toContain('Chloé Martin');
    dncAlertId = await item.getAttribute('data-alert-id');
    expect(dncAlertId).toBeTruthy();

    // the ticker shows the transitions as they come
    await page.locator(`${byTestId('ticker-row')}[data-lead-id="L-${run}-3"]`).first().waitFor();

    // nothing personal reached the wall screen, over the socket or REST
    await page.waitForTimeout(1_000);
    const everything = received.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).toContain(`L-${run}-3`);
    for (const value of Object.values(personal)) expect(everything).not.toContain(value);
    // and asked directly, the lead detail has no contact for a wall token
    const { status, body } = await getJson<{ contact?: unknown }>(stack!, `/api/v1/leads/L-${run}-1`, tenant.wallToken);
    expect(status).toBe(200);
    expect(body.contact).toBeUndefined();
  });

  it('turns stale when cut off, and once back shows the same numbers as a freshly opened page', async () => {
    const { page, context } = await newPage();
    await openWall(page);
    await waitForAttr(page, 'data-age', 'data-stale', (v) => v === 'false', 'fresh at first');
    const before = await attr(page, 'funnel-chart', 'data-funnel');

    await context.setOffline(true);
    // no fresh data for a few seconds: the stale state shows, loudly
    await waitForAttr(page, 'data-age', 'data-stale', (v) => v === 'true', 'stale while offline', 25_000);
    await page.locator(byTestId('stale-banner')).waitFor();

    // events arrive while the wall is away
    await send([
      leadCreated(`L-${run}-5`),
      leadCreated(`L-${run}-6`),
      callOutcome(`L-${run}-4`, 'QUALIFIED'),
      callOutcome(`L-${run}-5`, 'APPOINTMENT_SET', 'op-w2'),
    ]);
    const deadline = Date.now() + LIVE_TIMEOUT_MS;
    let server = await serverFunnel();
    while (server === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      server = await serverFunnel();
    }
    expect(server).not.toBe(before);
    // still away: the wall has not seen them
    expect(await attr(page, 'funnel-chart', 'data-funnel')).toBe(before);

    await context.setOffline(false);
    await waitForAttr(page, 'funnel-chart', 'data-funnel', (v) => v === server, 'numbers caught up after reconnecting');
    await waitForAttr(page, 'data-age', 'data-stale', (v) => v === 'false', 'fresh again');
    expect(await page.locator(byTestId('stale-banner')).count()).toBe(0);

    const { page: fresh } = await newPage();
    await openWall(fresh);
    for (const [id, name] of [
      ['funnel-chart', 'data-funnel'],
      ['funnel-chart', 'data-stages'],
    ] as const) {
      expect(await attr(page, id, name)).toBe(await attr(fresh, id, name));
    }
    expect(await page.locator(byTestId('headline')).textContent()).toBe(await fresh.locator(byTestId('headline')).textContent());
  });

  it('drops an alert from the wall once the console acknowledges it', async () => {
    expect(dncAlertId).toBeTruthy();
    const { page: wall } = await newPage();
    const wallFrames: string[] = [];
    wall.on('websocket', (ws) => ws.on('framereceived', (f) => wallFrames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
    await openWall(wall);
    const onWall = wall.locator(`${byTestId('alert-banner-item')}[data-alert-id="${dncAlertId}"]`);
    await onWall.waitFor();

    const { page: desk } = await newPage();
    await desk.goto(`${stack!.dashboardUrl}/login`);
    await desk.locator(byTestId('login-email')).fill(tenant.adminEmail);
    await desk.locator(byTestId('login-password')).fill(tenant.adminPassword);
    await desk.locator(byTestId('login-submit')).click();
    await desk.locator(byTestId('console')).waitFor();
    await desk.locator(byTestId('campaign-picker')).selectOption(CAMPAIGN);
    const row = desk.locator(`${byTestId('alert-row')}[data-alert-id="${dncAlertId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Chloé Martin');
    await row.locator(byTestId('alert-ack')).click();
    // an acknowledged dnc violation is over: it leaves the console's open alerts…
    await row.waitFor({ state: 'detached' });
    // …and the wall's banner, through the live channel
    await onWall.waitFor({ state: 'detached' });
    expect(await wall.locator(byTestId('alert-banner')).count()).toBe(0);
    const { body } = await getJson<{ id: string; state: string; acknowledgedBy: string | null }[]>(stack!, `/api/v1/alerts?campaignId=${CAMPAIGN}`, adminToken);
    expect(body.find((a) => a.id === dncAlertId)).toMatchObject({ state: 'acknowledged', acknowledgedBy: tenant.adminEmail });
    // the wall heard of it without who acknowledged it: not one e-mail address reached the screen
    expect(wallFrames.some((f) => f.includes(dncAlertId!) && f.includes('"acknowledged"'))).toBe(true);
    expect(wallFrames.join('\n')).not.toContain('@');
  });

  it('rotates across the token’s campaigns on the interval of its URL', async () => {
    await send([{ ...nextEvent(), type: 'lead.created', campaignId: `${CAMPAIGN}-2`, leadId: `L-${run}-other`, lead: { source: 'referral' } } as IngestEventInput]);
    const { page } = await newPage();
    await page.goto(`${stack!.dashboardUrl}/?wall=${encodeURIComponent(tenant.wallToken)}&rotate=5`);
    await page.locator(byTestId('wall-rotation')).waitFor();
    const first = await waitForAttr(page, 'wall', 'data-campaign-id', (v) => !!v, 'a campaign on screen');
    const second = await waitForAttr(page, 'wall', 'data-campaign-id', (v) => !!v && v !== first, 'the next campaign after 5 s', 15_000);
    expect([first, second].sort()).toEqual([CAMPAIGN, `${CAMPAIGN}-2`]);
    await waitForAttr(page, 'live-status', 'data-state', (v) => v === 'live', 'live on the next campaign');
    // the switch is not mistaken for stale data
    expect(await attr(page, 'data-age', 'data-stale')).toBe('false');
  });

  it('fits 1920×1080 and 3840×2160 without scrolling', async () => {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 3840, height: 2160 },
    ]) {
      const { page } = await newPage(viewport);
      await openWall(page);
      const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      expect(size).toEqual([viewport.width, viewport.height]);
    }
  });
});
