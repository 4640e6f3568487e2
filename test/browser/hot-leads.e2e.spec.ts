/**
 * @jest-environment node
 *
 * Hot leads in a real browser (Debian Chromium through playwright-core) against the real stack: the wall
 * screen's "hot leads waiting" panel shows counts, waits, initials and reasons and no personal data; a
 * manager gives the top hot lead to a senior with one click from the queue; the console's target rule
 * editor changes the queue order live. Writes docs/screenshots/hot-leads-wall-{it,fr}.png and
 * target-editor-{it,fr}.png (1080p).
 *
 * Needs the api, worker and dashboard builds (the harness builds nothing).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { IngestEventInput, QueueResponse } from '@leadboard/contracts';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';

const CAMPAIGN = 'c-caldaie';
const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const LIVE_TIMEOUT_MS = 60_000;
jest.setTimeout(240_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let adminToken: string;
let browser: Browser | undefined;
const run = randomUUID().slice(0, 8);
let seq = 0;
const byTestId = (id: string) => `[data-testid="${id}"]`;

const ago = (minutes: number) => Date.now() - minutes * 60_000;
function event(at: number): { eventId: string; occurredAt: string } {
  seq += 1;
  return { eventId: `e-${run}-${String(seq).padStart(4, '0')}`, occurredAt: new Date(at).toISOString() };
}
const operator = (id: string, name: string, seniority: 'junior' | 'senior'): IngestEventInput =>
  ({ ...event(ago(30)), type: 'operator.state', campaignId: CAMPAIGN, operatorId: id, state: 'available', operator: { name, seniority } }) as IngestEventInput;
const lead = (id: string, name: string, minutes: number, attributes: Record<string, string>): IngestEventInput =>
  ({
    ...event(ago(minutes)),
    type: 'lead.created',
    campaignId: CAMPAIGN,
    leadId: id,
    lead: { source: 'meta_ads', name, phone: `+39 333 ${String(seq).padStart(7, '0')}`, email: `${id.toLowerCase()}@example.it`, attributes },
  }) as IngestEventInput;

const L = (n: string) => `L-${run}-${n}`;
const PEOPLE: [string, string, number, Record<string, string>][] = [
  [L('1'), 'Maria Rossi', 12, { urgency: 'subito', sector: 'hotel' }],
  [L('2'), 'Jean Dupont', 8, { when: 'asap', sector: 'ristorante' }],
  [L('3'), 'Paolo Bianchi', 3, { sector: 'hotel' }],
  [L('4'), 'Giulia Verdi', 45, { need: 'urgente', sector: 'condominio' }],
  [L('5'), 'Anna Neri', 300, { sector: 'hotel' }],
  [L('6'), 'Luca Zanetti', 1500, { sector: 'ufficio' }],
];

async function send(events: IngestEventInput[]): Promise<void> {
  const res = await postEvents(stack!, tenant.ingestKey, events);
  if (res.status !== 202) throw new Error(`POST /api/v1/events: ${res.status} ${await res.text()}`);
}

async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = LIVE_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function loginAt(page: Page, target: string, lang: string): Promise<void> {
  await page.goto(`${stack!.dashboardUrl}/login?lang=${lang}`);
  await page.locator(byTestId('login-email')).fill(tenant.adminEmail);
  await page.locator(byTestId('login-password')).fill(tenant.adminPassword);
  await page.locator(byTestId('login-submit')).click();
  // A busy machine can take long over the login's password hash.
  await page.waitForURL(/\/($|\?)/, { timeout: 90_000 });
  await page.goto(`${stack!.dashboardUrl}${target}`);
}

// 404 (no items) until the worker applied the first events: the campaign does not exist before.
const queueOrder = async () =>
  (await getJson<QueueResponse>(stack!, `/api/v1/campaigns/${CAMPAIGN}/queue`, adminToken)).body.items?.map((i) => i.leadId) ?? [];

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startStack({ dashboard: true });
  tenant = await createTenant(stack, `hot-${run}`);
  adminToken = await login(stack, tenant.adminEmail, tenant.adminPassword);
  await send([operator('op-marco', 'Marco Ferri', 'senior'), operator('op-sara', 'Sara Galli', 'senior'), operator('op-piero', 'Piero Bassi', 'junior')]);
  await send(PEOPLE.map(([id, name, minutes, attributes]) => lead(id, name, minutes, attributes)));
  await eventually('six leads in the queue', queueOrder, (ids) => ids.length === 6);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the wall screen', () => {
  for (const lang of ['it', 'fr'] as const) {
    it(`shows the hot leads waiting by initials and reason, with no personal data (${lang})`, async () => {
      const context = await browser!.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(`${stack!.dashboardUrl}/?wall=${encodeURIComponent(tenant.wallToken)}&campaign=${CAMPAIGN}&rotate=0&lang=${lang}`);
      const panel = page.locator(byTestId('hot-leads-panel'));
      await eventually('hot leads on the wall', () => panel.locator(byTestId('hot-lead')).count(), (n) => n >= 2);
      const initials = await panel.locator(byTestId('hot-lead-initials')).allTextContents();
      expect(initials.slice(0, 2)).toEqual(['MR', 'JD']);
      expect(Number(await panel.locator(byTestId('hot-count')).textContent())).toBeGreaterThanOrEqual(2);
      const html = await page.content();
      for (const [, name] of PEOPLE) for (const part of name.split(' ')) expect(html).not.toContain(part);
      expect(html).not.toContain('+39 333');
      expect(html).not.toContain('example.it');
      // The wall fits 1080p: no scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(SCREENSHOTS, `hot-leads-wall-${lang}.png`) });
      await context.close();
    });
  }
});

describe("the managers' queue", () => {
  it('assigns the top hot lead to the senior with the most room in one click', async () => {
    const context = await browser!.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await loginAt(page, `/manager?campaign=${CAMPAIGN}`, 'it');
    const first = page.locator(byTestId('queue-row')).first();
    await eventually('the queue rows', () => page.locator(byTestId('queue-row')).count(), (n) => n === 6);
    const top = await first.getAttribute('data-lead-id');
    expect(top).toBe((await queueOrder())[0]);
    await eventually('the operators loaded', () => first.locator(byTestId('queue-assign')).count(), (n) => n === 1);
    const label = (await first.locator(byTestId('queue-assign')).textContent()) ?? '';
    expect(label).toMatch(/Marco Ferri|Sara Galli/);
    await first.locator(byTestId('queue-assign')).click();
    const senior = label.includes('Marco') ? 'op-marco' : 'op-sara';
    await eventually('the new owner over the API', async () => (await getJson<{ ownerOperatorId: string | null }>(stack!, `/api/v1/leads/${top}`, adminToken)).body.ownerOperatorId, (o) => o === senior);
    await eventually(
      'the new owner on screen',
      () => page.locator(`${byTestId('queue-row')}[data-lead-id="${top}"] ${byTestId('queue-owner')}`).textContent(),
      (t) => (t ?? '').includes(senior === 'op-marco' ? 'Marco' : 'Sara'),
    );
    expect(await page.locator(byTestId('queue-message')).textContent()).toContain(senior === 'op-marco' ? 'Marco Ferri' : 'Sara Galli');
    const audit = await getJson<{ action: string; leadId: string; toOperatorId: string }[]>(stack!, `/api/v1/audit?leadId=${top}`, adminToken);
    expect(audit.body[0]).toMatchObject({ action: 'reassigned', toOperatorId: senior });
    await context.close();
  });
});

describe("the console's target editor", () => {
  for (const lang of ['it', 'fr'] as const) {
    it(`changes the queue order live (${lang})`, async () => {
      // Each language starts from no target, so both runs show the same change.
      await fetch(`${stack!.apiUrl}/api/v1/campaigns/${CAMPAIGN}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ target: [], hotThreshold: 70 }),
      });
      const context = await browser!.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await loginAt(page, `/?campaign=${CAMPAIGN}&lang=${lang}`, lang);
      const editor = page.locator(byTestId('target-editor'));
      await editor.scrollIntoViewIfNeeded();
      await eventually('the queue preview', () => editor.locator(byTestId('target-queue-item')).count(), (n) => n === 6);
      const before = await editor.locator(byTestId('target-queue-item')).evaluateAll((els) => els.map((e) => e.getAttribute('data-lead-id')));
      expect(before[before.length - 1]).toBe(L('6'));

      await editor.locator(byTestId('target-add')).click();
      const rule = editor.locator(byTestId('target-rule')).last();
      await rule.locator(byTestId('rule-field')).fill('sector');
      await rule.locator(byTestId('rule-op')).selectOption('in');
      await rule.locator(byTestId('rule-value')).fill('ufficio, condominio');
      await rule.locator(byTestId('rule-weight')).fill('40');
      await eventually('the live match count', () => rule.locator(byTestId('rule-matching')).textContent(), (t) => t?.trim() === '2');
      await editor.locator(byTestId('target-save')).click();
      // Luca Zanetti (ufficio, a day old) climbs from last; Giulia Verdi (condominio, urgent) to the top.
      await eventually(
        'the reordered queue',
        () => editor.locator(byTestId('target-queue-item')).evaluateAll((els) => els.map((e) => e.getAttribute('data-lead-id'))),
        (ids) => ids[0] === L('4') && ids.indexOf(L('6')) < ids.indexOf(L('5')),
      );
      expect((await queueOrder())[0]).toBe(L('4'));
      await page.waitForTimeout(800);
      await editor.screenshot({ path: path.join(SCREENSHOTS, `target-editor-${lang}.png`) });
      await context.close();
    });
  }
});
