/**
 * @jest-environment node
 *
 * The README's screenshots, from the real stack fed by the simulator (realistic data): the wall
 * screen at 1920×1080 and 3840×2160 and the console, in Italian and in French, into
 * docs/screenshots/; and the Sources page in both languages, with VICIdial calls (one status code
 * nobody mapped, one refused URL), a Meta page whose token Meta refuses (a local stand-in for the
 * Graph API answers code 190) and a list imported with rejected rows. Not part of the regular run (it takes a minute and rewrites committed
 * files): `npm run screenshots` (not part of `npm test`: it rewrites the committed images).
 * Needs the api, worker, simulator and dashboard builds.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { VICIDIAL_KEY_PLACEHOLDER, type VicidialSettingsView } from '@leadboard/contracts';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const CAMPAIGN = 'c-solar';
const byTestId = (id: string) => `[data-testid="${id}"]`;

jest.setTimeout(240_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let browser: Browser | undefined;
let simulator: ChildProcess | undefined;
/** Stands in for Meta's Graph API: every page token is refused (code 190), as when it expired. */
let graph: Server | undefined;

async function wallReady(page: Page): Promise<void> {
  await page.locator(`${byTestId('funnel-chart')} svg text`).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'live', byTestId('live-status'), { timeout: 30_000 });
  await page.locator(byTestId('operator-tile')).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2_500);
}

describe('screenshots for the README', () => {
  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist/apps/simulator/main.js'))) throw new Error('build the simulator first: npx nx run simulator:build');
    graph = createServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Error validating access token: Session has expired on Sunday, 29-Nov-26.', type: 'OAuthException', code: 190, error_subcode: 463 } }));
    });
    await new Promise<void>((resolve) => graph!.listen(0, '127.0.0.1', resolve));
    const graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
    stack = await startStack({ dashboard: true, env: { ALERT_EVAL_INTERVAL_MS: '2000', META_GRAPH_URL: graphUrl } });
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
    await new Promise((resolve) => (graph ? graph.close(resolve) : resolve(undefined)));
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

  describe('the Sources page', () => {
    beforeAll(feedSources, 60_000);

    for (const [lang, locale] of [
      ['it', 'it-IT'],
      ['fr', 'fr-FR'],
    ] as const) {
      it(`sources, ${lang}`, async () => {
        const context = await browser!.newContext({ locale, viewport: { width: 1920, height: 1080 } });
        const page = await context.newPage();
        await page.goto(`${stack!.dashboardUrl}/login?lang=${lang}`);
        await page.locator(byTestId('login-email')).fill(tenant.adminEmail);
        await page.locator(byTestId('login-password')).fill(tenant.adminPassword);
        await page.locator(byTestId('login-submit')).click();
        await page.waitForURL(/\/($|\?)/);
        await page.locator(byTestId('open-sources')).click();
        await page.locator(byTestId('meta-token-error')).waitFor({ timeout: 30_000 });
        await page.locator(byTestId('unmapped-row')).first().waitFor({ timeout: 30_000 });
        await page.locator(`${byTestId('import-history-row')}[data-state="done"] button`).first().click();
        await page.locator(byTestId('import-rejected-row')).first().waitFor({ timeout: 30_000 });
        await page.waitForTimeout(1_000);
        await page.screenshot({ path: path.join(SCREENSHOTS, `sources-${lang}.png`), fullPage: true });
        await context.close();
      });
    }
  });
});

/** The calls, sources and lists the Sources page shows, sent the way each source sends them. */
async function feedSources(): Promise<void> {
  const admin = await login(stack!, tenant.adminEmail, tenant.adminPassword);
  const call = (method: string, url: string, body?: unknown) =>
    fetch(`${stack!.apiUrl}${url}`, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  // VICIdial: the dialer's time zone, calls through the pasted Dispo Call URL (PROMO: a campaign's own status)
  await call('PUT', '/api/v1/integrations/vicidial', { timeZone: 'Europe/Rome' });
  const { dispoUrl } = (await getJson<VicidialSettingsView>(stack!, '/api/v1/integrations/vicidial', admin)).body;
  const epoch = Math.floor(Date.now() / 1000);
  const dispos = ['SALE', 'NI', 'CALLBK', 'PROMO', 'A', 'PROMO', 'XFER', 'NA', 'PROMO', 'DNC', 'RICHIAMA'];
  for (const [i, dispo] of dispos.entries()) {
    const values: Record<string, string> = { lead_id: String(51000 + i), campaign: CAMPAIGN, dispo, user: `60${10 + (i % 5)}`, talk_time: String(40 + i * 17), uniqueid: `${epoch - i * 60}.${i}`, agent_log_id: String(7000 + i), epoch: String(epoch - i * 60) };
    const url = dispoUrl
      .replace(/^VAR/, '')
      .replace(`key=${VICIDIAL_KEY_PLACEHOLDER}`, `key=${encodeURIComponent(tenant.ingestKey)}`)
      .replace(/--A--(\w+)--B--/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`VICIdial dispo: ${res.status} ${await res.text()}`);
  }
  // a URL pasted without VAR: VICIdial sends its placeholders as they are
  await fetch(dispoUrl.replace(/^VAR/, '').replace(`key=${VICIDIAL_KEY_PLACEHOLDER}`, `key=${encodeURIComponent(tenant.ingestKey)}`));

  // Meta: two pages; a lead of the second one is fetched with a token Meta refuses
  const created: { id: string; webhookUrl: string }[] = [];
  for (const name of ['Acqua Pura – Facebook', 'Fotovoltaico Casa – Instagram']) {
    const res = await call('POST', '/api/v1/integrations/meta/sources', { name, appSecret: `secret-${name.length}`, pageAccessToken: 'EAAB-page-token', defaultCampaignId: CAMPAIGN });
    if (res.status !== 201) throw new Error(`Meta source: ${res.status} ${await res.text()}`);
    created.push((await res.json()) as { id: string; webhookUrl: string });
  }
  const raw = JSON.stringify({ object: 'page', entry: [{ id: '104', time: epoch, changes: [{ field: 'leadgen', value: { leadgen_id: '920000000000001', form_id: '55', page_id: '104', created_time: epoch } }] }] });
  const signature = `sha256=${createHmac('sha256', `secret-${'Fotovoltaico Casa – Instagram'.length}`).update(raw).digest('hex')}`;
  const hook = await fetch(`${stack!.apiUrl}/api/v1/integrations/meta/${created[1].id}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw });
  if (hook.status !== 200) throw new Error(`Meta webhook: ${hook.status} ${await hook.text()}`);

  // a bought list with two unusable rows
  const rows = ['nome;cognome;telefono;email;azienda'];
  const names = ['Giulia;Conti', 'Marco;Ferrari', 'Sara;Esposito', 'Luca;Romano', 'Elena;Colombo', 'Paolo;Ricci', 'Chiara;Marino', 'Andrea;Greco'];
  for (let i = 0; i < 120; i++) rows.push(`${names[i % names.length]};+39 3${String(310_000_000 + i * 7919).slice(0, 9)};;${['Idraulica Conti', 'Bar Sport', 'Studio Ricci'][i % 3]}`);
  rows.splice(14, 0, 'Franco;Neri;;;Ferramenta Neri');
  rows.splice(61, 0, 'Anna;Galli;12;anna(at)example;');
  const upload = await fetch(`${stack!.apiUrl}/api/v1/imports?campaignId=${CAMPAIGN}&source=purchased_list&fileName=lista-fiera-ottobre.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    body: rows.join('\n'),
  });
  if (upload.status !== 202) throw new Error(`CSV import: ${upload.status} ${await upload.text()}`);

  // an integrator's mistake on the HTTP API
  await postEvents(stack!, tenant.ingestKey, [{ eventId: 'e-bad', type: 'call.outcome', occurredAt: new Date().toISOString(), campaignId: CAMPAIGN, leadId: 'L-1', disposition: 42 }]);
}
