/**
 * @jest-environment node
 *
 * The README's screenshots, from the real stack fed by the simulator (realistic data): the wall
 * screen at 1920×1080 and 3840×2160 and the console, in Italian and in French, into
 * docs/screenshots/. Not part of the regular run (it takes a minute and rewrites committed
 * files): `npm run screenshots` (not part of `npm test`: it rewrites the committed images).
 * Needs the api, worker, simulator and dashboard builds.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const CAMPAIGN = 'c-solar';
const byTestId = (id: string) => `[data-testid="${id}"]`;

jest.setTimeout(240_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let browser: Browser | undefined;
let simulator: ChildProcess | undefined;

async function wallReady(page: Page): Promise<void> {
  await page.locator(`${byTestId('funnel-chart')} svg text`).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'live', byTestId('live-status'), { timeout: 30_000 });
  await page.locator(byTestId('operator-tile')).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2_500);
}

describe('screenshots for the README', () => {
  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist/apps/simulator/main.js'))) throw new Error('build the simulator first: npx nx run simulator:build');
    stack = await startStack({ dashboard: true, env: { ALERT_EVAL_INTERVAL_MS: '2000' } });
    tenant = await createTenant(stack, 'Acqua & Sole Srl');
    // the last six hours: the simulator's own story (same team), spread back in time, so the
    // console's time series has a history to show
    const printed = execFileSync(process.execPath, ['dist/apps/simulator/main.js', '--key', 'unused', '--print', '16000', '--operators', '60'], {
      cwd: ROOT,
      maxBuffer: 256 * 1024 * 1024,
    })
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { occurredAt: string });
    const start = Date.now() - 6 * 3600_000;
    const span = 6 * 3600_000 - 5 * 60_000;
    printed.forEach((e, i) => (e.occurredAt = new Date(start + Math.floor((i / printed.length) * span)).toISOString()));
    for (let i = 0; i < printed.length; i += 1000) {
      const res = await postEvents(stack, tenant.ingestKey, printed.slice(i, i + 1000));
      if (res.status !== 202) throw new Error(`history: ${res.status} ${await res.text()}`);
    }
    // a call center at work: 2 campaigns, 60 operators, 50 events/s, a few calls to do-not-call leads
    simulator = spawn(
      process.execPath,
      ['dist/apps/simulator/main.js', '--url', stack.apiUrl, '--key', tenant.ingestKey, '--rate', '50', '--duration', '90', '--operators', '60', '--dnc-call-share', '0.002'],
      { cwd: ROOT, stdio: 'ignore' },
    );
    await new Promise((r) => setTimeout(r, 25_000));
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    simulator?.kill('SIGTERM');
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  }, 60_000);

  for (const [lang, locale] of [
    ['it', 'it-IT'],
    ['fr', 'fr-FR'],
  ] as const) {
    it(`wall screen 1080p and 4K, ${lang}`, async () => {
      for (const [label, width, height] of [
        ['1080p', 1920, 1080],
        ['4k', 3840, 2160],
      ] as const) {
        const context = await browser!.newContext({ locale, viewport: { width, height } });
        const page = await context.newPage();
        await page.goto(`${stack!.dashboardUrl}/?wall=${encodeURIComponent(tenant.wallToken)}&campaign=${CAMPAIGN}&lang=${lang}`);
        await wallReady(page);
        // no scrolling: the page is exactly the screen
        const overflow = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
        expect(overflow).toEqual([width, height]);
        await page.screenshot({ path: path.join(SCREENSHOTS, `wall-${label}-${lang}.png`) });
        await context.close();
      }
    });

    it(`console, ${lang}`, async () => {
      const context = await browser!.newContext({ locale, viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(`${stack!.dashboardUrl}/login?lang=${lang}`);
      await page.locator(byTestId('login-email')).fill(tenant.adminEmail);
      await page.locator(byTestId('login-password')).fill(tenant.adminPassword);
      await page.locator(byTestId('login-submit')).click();
      await page.waitForURL(/\/($|\?)/);
      await page.goto(`${stack!.dashboardUrl}/?campaign=${CAMPAIGN}`);
      await page.locator(`${byTestId('funnel-chart')} svg text`).first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator(`${byTestId('timeseries-chart')} svg text`).first().waitFor({ state: 'visible', timeout: 30_000 });
      const lead = page.locator(byTestId('lead-item')).first();
      await lead.click();
      await page.locator(byTestId('lead-history-row')).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(2_500);
      await page.screenshot({ path: path.join(SCREENSHOTS, `console-${lang}.png`), fullPage: true });
      await context.close();
    });
  }
});
