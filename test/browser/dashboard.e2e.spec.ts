/**
 * @jest-environment node
 *
 * The dashboard in a real browser (Debian Chromium through playwright-core) against the real
 * stack: built API + worker + `vite preview` of the built dashboard. A supervisor logs in to the
 * console, sees the campaign's funnel, and the counts move when events arrive; a wall screen opens
 * with its token and no login (wall.e2e.spec.ts tests the wall screen itself). Screenshots of
 * this small campaign go to docs/screenshots/dashboard-*.png (en and it); the README's come from
 * screenshots.e2e.spec.ts.
 *
 * Needs `npm run build` first (the harness builds nothing).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { IngestEventInput } from '@leadboard/contracts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';

const CAMPAIGN = 'c-browser';
const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
/** Events go through the queue and the worker before the page can show them. */
const LIVE_TIMEOUT_MS = 30_000;

jest.setTimeout(120_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
/** Uncaught errors in any page: a test fails on them even when the screen looks right. */
let pageErrors: string[] = [];
const run = randomUUID().slice(0, 8);
let eventCount = 0;
const startedAt = Date.now() - 60_000;
/** What the campaign's current stages are once the tests' events are processed. */
const expected = { new: 0, contacted: 1, prospect: 0 };

/** Distinct, ordered event ids and times (the domain orders a lead's events by time, then id). */
function nextEvent(): { eventId: string; occurredAt: string } {
  eventCount += 1;
  return {
    eventId: `e-${run}-${String(eventCount).padStart(4, '0')}`,
    occurredAt: new Date(startedAt + eventCount * 1000).toISOString(),
  };
}

function leadCreated(leadId: string): IngestEventInput {
  return { ...nextEvent(), type: 'lead.created', campaignId: CAMPAIGN, leadId, lead: { source: 'web_form' } };
}

function callOutcome(leadId: string, disposition: string): IngestEventInput {
  return {
    ...nextEvent(),
    type: 'call.outcome',
    campaignId: CAMPAIGN,
    leadId,
    operatorId: 'op-browser',
    disposition,
    talkSeconds: 60,
    wrapSeconds: 10,
  };
}

async function send(events: IngestEventInput[]): Promise<void> {
  const res = await postEvents(stack!, tenant.ingestKey, events);
  if (res.status !== 202) throw new Error(`POST /api/v1/events: expected 202, got ${res.status} ${await res.text()}`);
}

async function newPage(locale = 'en-US'): Promise<Page> {
  const context = await browser!.newContext({ locale, viewport: { width: 1920, height: 1080 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(LIVE_TIMEOUT_MS);
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

const byTestId = (id: string) => `[data-testid="${id}"]`;

/** Waits until a test id's text is `expected`; on timeout says what was seen instead. */
async function waitForText(page: Page, testId: string, expected: string, timeout = LIVE_TIMEOUT_MS): Promise<void> {
  try {
    await page.waitForFunction(
      ([selector, want]) => document.querySelector(selector)?.textContent?.trim() === want,
      [byTestId(testId), expected] as const,
      { timeout, polling: 250 },
    );
  } catch {
    const seen = await page.locator(byTestId(testId)).textContent().catch(() => null);
    throw new Error(`${testId}: expected "${expected}" within ${timeout} ms, saw "${seen?.trim() ?? '(missing)'}"`);
  }
}

/** Lets the chart's update animation finish before a screenshot (assertions never rely on it). */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(1_000);
}

/** Waits until the funnel's SVG labels, read in order, match `pattern`. */
async function waitForFunnelText(page: Page, pattern: RegExp): Promise<void> {
  const read = () =>
    page.evaluate(
      (selector) => [...document.querySelectorAll(`${selector} svg text`)].map((t) => t.textContent ?? '').join(' '),
      byTestId('funnel-chart'),
    );
  try {
    await page.waitForFunction(
      ([selector, source]) =>
        new RegExp(source).test([...document.querySelectorAll(`${selector} svg text`)].map((t) => t.textContent ?? '').join(' ')),
      [byTestId('funnel-chart'), pattern.source] as const,
      { timeout: LIVE_TIMEOUT_MS, polling: 250 },
    );
  } catch {
    throw new Error(`funnel-chart: expected its labels to match ${pattern}, saw "${await read()}"`);
  }
}

async function count(page: Page, stage: string): Promise<number> {
  const text = (await page.locator(byTestId(`stage-count-${stage}`)).textContent()) ?? '';
  const digits = text.replace(/\D/g, '');
  if (!digits) throw new Error(`stage-count-${stage}: expected a number, saw "${text}"`);
  return Number(digits);
}

/** The campaign is on screen and the funnel drawn (ECharts' svg text, not the first invisible path). */
async function waitForCampaignFunnel(page: Page): Promise<void> {
  await page.waitForFunction(
    ([selector, campaign]) => (document.querySelector(selector) as HTMLSelectElement | null)?.value === campaign,
    [byTestId('campaign-picker'), CAMPAIGN] as const,
    { timeout: LIVE_TIMEOUT_MS, polling: 250 },
  );
  await page.locator(`${byTestId('funnel-chart')} svg text`).first().waitFor({ state: 'visible' });
  await page.waitForFunction((selector) => document.querySelector(selector)?.getAttribute('data-state') === 'live', byTestId('live-status'), {
    timeout: LIVE_TIMEOUT_MS,
  });
}

beforeAll(async () => {
  stack = await startStack({ dashboard: true });
  tenant = await createTenant(stack, `browser-${run}`);
  // one contacted lead, so the campaign exists before the page opens
  await send([leadCreated(`L-${run}-1`), callOutcome(`L-${run}-1`, 'INTERESTED')]);
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

describe('dashboard in a browser', () => {
  it('logs a supervisor in, shows the funnel, and follows new events live', async () => {
    const page = await newPage('en-US');
    await page.goto(stack!.dashboardUrl);

    await page.locator(byTestId('login-email')).fill(tenant.adminEmail);
    await page.locator(byTestId('login-password')).fill(tenant.adminPassword);
    await page.locator(byTestId('login-submit')).click();

    await waitForCampaignFunnel(page);
    // the first call made the lead contacted: nothing is new yet
    await waitForText(page, 'stage-count-contacted', '1');
    const newBefore = await count(page, 'new');
    const prospectBefore = await count(page, 'prospect');
    expect(newBefore).toBe(0);
    expect(prospectBefore).toBe(0);

    // five new leads; two of them qualified on their first call
    const leads = [2, 3, 4, 5, 6].map((n) => `L-${run}-${n}`);
    await send([...leads.map(leadCreated), callOutcome(leads[0], 'QUALIFIED'), callOutcome(leads[1], 'QUALIFIED')]);

    expected.new = newBefore + 3;
    expected.prospect = prospectBefore + 2;
    await waitForText(page, 'stage-count-new', String(expected.new));
    await waitForText(page, 'stage-count-prospect', String(expected.prospect));
    await waitForText(page, 'stage-count-contacted', String(expected.contacted));
    // 3 of 6 leads contacted
    await waitForText(page, 'rate-contact', '50%');
    const feed = (await page.locator(byTestId('transition-feed')).textContent()) ?? '';
    expect(feed).toContain(leads[0]);
    expect(feed).toContain(leads[1]);
    expect(await page.locator(byTestId('data-age')).textContent()).toMatch(/Updated/);

    // the chart is redrawn (throttled, animated) from the same metrics: 6 leads, 3 contacted, 2 prospects
    await waitForFunnelText(page, /Leads\s+6\b.*Contacted\s+3\b.*Prospects\s+2\b/);
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-en.png') });

    // the same page in Italian, through the language switcher
    await page.locator(byTestId('language-switcher')).selectOption('it');
    await page.waitForFunction(() => document.documentElement.lang === 'it');
    await page.getByText('Tasso di contatto').waitFor();
    await waitForFunnelText(page, /Lead\s+6\b.*Contattati\s+3\b.*Prospect\s+2\b/);
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-it.png') });
  });

  it('opens a wall screen from its link, with no login', async () => {
    const page = await newPage('en-US');
    await page.goto(`${stack!.dashboardUrl}/?wall=${encodeURIComponent(tenant.wallToken)}`);

    await page.waitForFunction(
      ([selector, campaign]) => document.querySelector(selector)?.getAttribute('data-campaign-id') === campaign,
      [byTestId('wall'), CAMPAIGN] as const,
      { timeout: LIVE_TIMEOUT_MS, polling: 250 },
    );
    expect(page.url()).toContain('/wall?wall=');
    expect(await page.locator(byTestId('login-email')).count()).toBe(0);
    await page.waitForFunction(
      ([selector, want]) => {
        const stages = document.querySelector(selector)?.getAttribute('data-stages');
        if (!stages) return false;
        const s = JSON.parse(stages) as Record<string, number>;
        return s.new === want.new && s.contacted === want.contacted && s.prospect === want.prospect;
      },
      [byTestId('funnel-chart'), expected] as const,
      { timeout: LIVE_TIMEOUT_MS, polling: 250 },
    );
  });

  it('sends an unknown wall token to the login page', async () => {
    const page = await newPage('en-US');
    await page.goto(`${stack!.dashboardUrl}/?wall=not-a-token`);
    await page.locator(byTestId('login-email')).waitFor();
    expect(page.url()).toContain('/login');
  });
});
