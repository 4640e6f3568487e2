/**
 * @jest-environment node
 *
 * The Sources page in a real browser (Debian Chromium through playwright-core) against the real
 * stack: built API + worker + `vite preview` of the built dashboard. An admin logs in, opens
 * Sources from the console header, copies VICIdial's Dispo Call URL with its copy button; the test
 * fills the placeholders and the key and calls it as VICIdial would, and the VICIdial card then
 * shows that event. Then a CSV with one bad row is dropped on the page, previewed, imported: the
 * progress bar reaches 100 % and the rejected row is listed.
 *
 * Needs the api, worker and dashboard builds (the harness builds nothing).
 */
import { randomUUID } from 'node:crypto';
import { VICIDIAL_KEY_PLACEHOLDER } from '@leadboard/contracts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, startStack, type Stack, type TenantCredentials } from '../support/stack';

/** Events go through the queue and the worker, and the page reads its figures every 5 s. */
const LIVE_TIMEOUT_MS = 30_000;
const byTestId = (id: string) => `[data-testid="${id}"]`;

jest.setTimeout(180_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;
const pageErrors: string[] = [];
const run = randomUUID().slice(0, 8);

/** What VICIdial puts in place of each `--A--name--B--` for one call (anything not listed arrives empty). */
function vicidialValues(epoch: number): Record<string, string> {
  return {
    lead_id: `10${run.replace(/\D/g, '').slice(0, 6) || '42'}`,
    campaign: 'ACQUA',
    dispo: 'SALE',
    user: '6001',
    talk_time: '184',
    uniqueid: `${epoch}.${run.replace(/\D/g, '').slice(0, 4) || '7'}`,
    agent_log_id: '987654',
    epoch: String(epoch),
    phone_number: '3331234567',
    first_name: 'Maria',
    last_name: 'Rossi',
  };
}

/** The URL as VICIdial calls it: `VAR` dropped, every placeholder replaced (URL-encoded), the key in place. */
function asVicidialCallsIt(pasted: string, key: string, values: Record<string, string>): string {
  expect(pasted.startsWith('VAR')).toBe(true);
  return pasted
    .slice('VAR'.length)
    .replace(`key=${VICIDIAL_KEY_PLACEHOLDER}`, `key=${encodeURIComponent(key)}`)
    .replace(/--A--(\w+)--B--/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

async function readEventsToday(card: string): Promise<number> {
  return Number((await page.locator(`${byTestId(card)} ${byTestId('source-events-today')}`).getAttribute('data-count')) ?? -1);
}

describe('the Sources page', () => {
  beforeAll(async () => {
    stack = await startStack({ dashboard: true });
    tenant = await createTenant(stack, `Sources ${run}`);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.dashboardUrl });
    page = await context.newPage();
    page.setDefaultTimeout(LIVE_TIMEOUT_MS);
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await page.goto(stack.dashboardUrl);
    await page.locator(byTestId('login-email')).fill(tenant.adminEmail);
    await page.locator(byTestId('login-password')).fill(tenant.adminPassword);
    await page.locator(byTestId('login-submit')).click();
    await page.locator(byTestId('open-sources')).click();
    await page.locator(byTestId('sources-page')).waitFor();
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  }, 60_000);

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('shows the VICIdial Dispo Call URL; called as VICIdial would, its event shows on the card', async () => {
    const field = page.locator(byTestId('vicidial-dispo-url'));
    const shown = await field.locator(byTestId('copy-value')).inputValue();
    expect(shown).toContain('/api/v1/integrations/vicidial/dispo?');
    expect(await readEventsToday('source-card-vicidial')).toBe(0);
    expect(await page.locator(`${byTestId('source-card-vicidial')} ${byTestId('source-last-event')}`).getAttribute('data-at')).toBe('');

    await field.locator(byTestId('copy-button')).click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Copied'), `${byTestId('vicidial-dispo-url')} ${byTestId('copy-button')}`);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);

    const epoch = Math.floor(Date.now() / 1000);
    const res = await fetch(asVicidialCallsIt(copied, tenant.ingestKey, vicidialValues(epoch)));
    const body = await res.text();
    expect([res.status, res.headers.get('content-type')?.split(';')[0]]).toEqual([200, 'text/plain']);
    expect(body).toMatch(/^OK vicidial:dispo:/);

    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-count') === '1',
      `${byTestId('source-card-vicidial')} ${byTestId('source-events-today')}`,
      { timeout: LIVE_TIMEOUT_MS },
    );
    const lastEventAt = await page.locator(`${byTestId('source-card-vicidial')} ${byTestId('source-last-event')}`).getAttribute('data-at');
    expect(Math.abs(Date.parse(lastEventAt ?? '') - epoch * 1000)).toBeLessThan(60_000);
    expect(await page.locator(`${byTestId('source-card-vicidial')} ${byTestId('source-error')}`).count()).toBe(0);
  });

  it('imports a dropped CSV with one bad row: preview, progress to 100 %, the rejected row listed', async () => {
    const rows = ['nome;cognome;telefono;email'];
    for (let i = 1; i <= 40; i++) rows.push(`Cliente${i};Rossi;+39 333 ${String(1000000 + i).padStart(7, '0')};cliente${i}.${run}@example.it`);
    rows.splice(8, 0, 'Luca;Bianchi;non ho telefono;'); // data row 8 (file line 9): neither a phone nor an e-mail
    const csv = `${rows.join('\n')}\n`;

    // dropped on the page as a file from the desktop would be
    await page.locator(byTestId('import-drop-zone')).evaluate((zone, text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'fiera-milano.csv', { type: 'text/csv' }));
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, csv);

    const preview = page.locator(`${byTestId('import-preview')}[data-status="ready"]`);
    await preview.waitFor();
    expect(await preview.locator(byTestId('import-preview-row')).count()).toBeGreaterThan(0);
    const detected = await preview.locator(byTestId('import-column-field')).evaluateAll((els) => els.map((e) => [e.getAttribute('data-column'), (e as HTMLSelectElement).value]));
    expect(detected).toEqual([
      ['nome', 'firstName'],
      ['cognome', 'lastName'],
      ['telefono', 'phone'],
      ['email', 'email'],
    ]);

    // follow the bar: every value it shows, until done
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { percentsSeen: string[] }).percentsSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="import-progress"] [role="progressbar"]');
        const v = bar?.getAttribute('aria-valuenow');
        if (v !== null && v !== undefined && seen[seen.length - 1] !== v) seen.push(v);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await preview.locator(byTestId('import-campaign')).fill('c-fiera');
    await preview.locator(byTestId('import-upload')).click();

    const progress = page.locator(`${byTestId('import-progress')}[data-state="done"]`);
    await progress.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await progress.getAttribute('data-percent')).toBe('100');
    expect(await progress.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    const seen = await page.evaluate(() => (window as unknown as { percentsSeen: string[] }).percentsSeen);
    expect(seen[seen.length - 1]).toBe('100');
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));

    expect(await progress.locator(byTestId('import-rows-read')).textContent()).toBe('41');
    expect(await progress.locator(byTestId('import-rows-accepted')).textContent()).toBe('40');
    expect(await progress.locator(byTestId('import-rows-rejected')).textContent()).toBe('1');
    // the rejected rows are read once the import has ended (after its last message): wait for them
    const rejected = progress.locator(byTestId('import-rejected-row'));
    await rejected.first().waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await rejected.count()).toBe(1);
    expect(await rejected.getAttribute('data-row')).toBe('9');
    expect(await progress.locator(byTestId('import-rejected-csv')).count()).toBe(1);

    // the past imports list it, and the CSV card counts its leads
    await page.locator(`${byTestId('import-history-row')}[data-state="done"]`).waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-count') === '40', `${byTestId('source-card-csv')} ${byTestId('source-events-today')}`, {
      timeout: LIVE_TIMEOUT_MS,
    });
  });
});
