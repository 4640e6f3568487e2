/**
 * @jest-environment node
 *
 * Contribution in a real browser (Debian Chromium through playwright-core) against the real stack:
 * - the wall's leaderboard view (`view=leaderboard`) shows today's best qualifiers and closers by first
 *   name and initial, and nothing else of a person (no full name, phone or e-mail anywhere on the page),
 *   without scrolling at 1920×1080;
 * - the console's "who made it happen" panel lists every operator, sorts by a column, switches period;
 * - screenshots of both, in Italian and in French, into docs/screenshots (`leaderboard-*.png`,
 *   `contribution-*.png`).
 * Needs the api, worker and dashboard builds (the harness builds nothing).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Contribution, IngestEventInput } from '@leadboard/contracts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { middayTimeZone } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { waitFor } from '../support/wait';

const CAMPAIGN = 'c-board';
const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');
const byTestId = (id: string) => `[data-testid="${id}"]`;

jest.setTimeout(240_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let adminToken: string;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
const run = randomUUID().slice(0, 8);
let n = 0;
const startedAt = Date.now() - 3 * 3600_000;
const next = () => {
  n += 1;
  return { eventId: `b-${run}-${String(n).padStart(5, '0')}`, occurredAt: new Date(Math.min(startedAt + n * 2000, Date.now() - 1000)).toISOString() };
};

/** A team with full names, seniorities as the dialer sends them; the wall may show first names and initials only. */
const TEAM = [
  { id: 'op-1', name: 'Giulia Rossi', seniority: 'junior', qualifies: 0.35 },
  { id: 'op-2', name: 'Luca Ferrari', seniority: 'junior', qualifies: 0.25 },
  { id: 'op-3', name: 'Chiara Esposito', seniority: 'junior', qualifies: 0.2 },
  { id: 'op-4', name: 'Matteo Romano', seniority: 'junior', qualifies: 0.12 },
  { id: 'op-5', name: 'Sofia Colombo', seniority: 'junior', qualifies: 0.3 },
  { id: 'op-6', name: 'Marco De Luca', seniority: 'senior', closes: 0.5 },
  { id: 'op-7', name: 'Francesca Ricci', seniority: 'senior', closes: 0.35 },
  { id: 'op-8', name: 'Alessandro Marino', seniority: 'senior', closes: 0.2 },
] as const;
const SURNAMES = TEAM.map((m) => m.name.split(' ').slice(1).join(' '));

function story(): IngestEventInput[] {
  const events: IngestEventInput[] = TEAM.map(
    (m) => ({ ...next(), type: 'operator.state', campaignId: CAMPAIGN, operatorId: m.id, state: 'available', operator: { name: m.name, seniority: m.seniority } }) as IngestEventInput,
  );
  const call = (leadId: string, operatorId: string, disposition: string) =>
    ({ ...next(), type: 'call.outcome', campaignId: CAMPAIGN, leadId, operatorId, disposition, talkSeconds: 120, wrapSeconds: 20 }) as IngestEventInput;
  // Deterministic: lead i is worked by junior i % 5; every k-th qualifies (by the junior's share), and the
  // prospects go to a senior, who closes a share of them.
  const juniors = TEAM.filter((m) => m.seniority === 'junior');
  const seniors = TEAM.filter((m) => m.seniority === 'senior');
  for (let i = 0; i < 150; i += 1) {
    const leadId = `B-${run}-${i}`;
    events.push({ ...next(), type: 'lead.created', campaignId: CAMPAIGN, leadId, lead: { source: 'web_form', name: `Persona ${i} Cognome${i}`, phone: `+39 340 ${run.replace(/\D/g, '').padEnd(3, '1').slice(0, 3)} ${String(i).padStart(4, '0')}`, email: `persona${i}.${run}@example.it` } } as IngestEventInput);
    const j = juniors[i % juniors.length];
    events.push(call(leadId, j.id, i % 3 === 0 ? 'NO_ANSWER' : 'INTERESTED'));
    const qualifies = (i * 7919) % 100 < j.qualifies * 100;
    if (i % 3 !== 0 && qualifies) {
      events.push(call(leadId, j.id, 'QUALIFIED'));
      const s = seniors[Math.floor(i / 2) % seniors.length];
      events.push(call(leadId, s.id, 'APPOINTMENT_SET'));
      if ((i * 104729) % 100 < s.closes * 100) events.push(call(leadId, s.id, 'SALE'));
    } else if (i % 3 !== 0 && i % 4 === 0) events.push(call(leadId, j.id, 'NOT_INTERESTED'));
  }
  return events;
}

async function newPage(lang: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const context = await browser!.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'it-IT', viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

beforeAll(async () => {
  stack = await startStack({ dashboard: true, startTimeoutMs: 120_000 });
  tenant = await createTenant(stack, `board-${run}`);
  adminToken = await login(stack, tenant.adminEmail, tenant.adminPassword);
  const events = story();
  // The team first (their states create the campaign), then the campaign's day set around now, whatever the
  // hour of the run: the story's last three hours must all be "today" on the leaderboard.
  const team = await postEvents(stack, tenant.ingestKey, events.slice(0, TEAM.length));
  if (team.status !== 202) throw new Error(`POST /api/v1/events: ${team.status} ${await team.text()}`);
  const timeZone = middayTimeZone();
  await waitFor(
    async () =>
      (
        await fetch(`${stack.apiUrl}/api/v1/campaigns/${CAMPAIGN}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ timeZone }),
        })
      ).status === 200,
    { what: `campaign ${CAMPAIGN} created and set to ${timeZone}` },
  );
  for (let i = TEAM.length; i < events.length; i += 500) {
    const res = await postEvents(stack, tenant.ingestKey, events.slice(i, i + 500));
    if (res.status !== 202) throw new Error(`POST /api/v1/events: ${res.status} ${await res.text()}`);
  }
  // every event applied: the contribution counts all the team's calls
  const calls = events.filter((e) => e.type === 'call.outcome').length;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await getJson<Contribution>(stack, `/api/v1/campaigns/${CAMPAIGN}/contribution?window=today`, adminToken);
    if ((body.operators ?? []).reduce((sum, o) => sum + o.calls, 0) === calls) break;
    if (Date.now() > deadline) throw new Error(`the contribution never counted the ${calls} calls: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
});

describe.each(['it', 'fr'])('contribution in %s', (lang) => {
  it('the wall leaderboard shows first names and initials only, with no scrolling at 1080p', async () => {
    const page = await newPage(lang);
    await page.goto(`${stack!.dashboardUrl}/?wall=${encodeURIComponent(tenant.wallToken)}&campaign=${CAMPAIGN}&rotate=0&view=leaderboard&lang=${lang}`);
    await page.locator(byTestId('leaderboard-row')).nth(4).waitFor();
    const shown = await page.locator(byTestId('leaderboard-name')).allTextContents();
    const expected = new Set(TEAM.map((m) => `${m.name.split(' ')[0]} ${m.name.split(' ').slice(-1)[0][0]}.`));
    expect(shown.length).toBeGreaterThanOrEqual(5);
    for (const name of shown) expect(expected.has(name.trim())).toBe(true);
    const text = await page.locator('body').innerText();
    for (const surname of SURNAMES) expect(text).not.toContain(surname);
    expect(text).not.toMatch(/@example\.it|\+39 340|Persona \d/);
    const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, vh: window.innerHeight, w: document.documentElement.scrollWidth, vw: window.innerWidth }));
    expect(scroll.h).toBeLessThanOrEqual(scroll.vh);
    expect(scroll.w).toBeLessThanOrEqual(scroll.vw);
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, `leaderboard-1080p-${lang}.png`) });
  });

  it('the console panel lists the team, sorts by a column and switches period', async () => {
    const page = await newPage(lang, { width: 1600, height: 1000 });
    // Signed in with the token the API gave (the login form itself is dashboard.e2e's subject; on a loaded
    // machine its password hashing can outlast the form's request timeout).
    await page.context().addInitScript(
      ([key, token]) => window.sessionStorage.setItem(key, JSON.stringify({ token, kind: 'user', expiresAt: null })),
      ['leadboard.session', adminToken] as const,
    );
    await page.goto(`${stack!.dashboardUrl}/?campaign=${CAMPAIGN}&lang=${lang}`);
    const panel = page.locator(byTestId('contribution-panel'));
    await panel.locator('tbody tr').nth(TEAM.length - 1).waitFor();
    // a user sees full names
    expect(await panel.locator('tbody th').allTextContents()).toEqual(expect.arrayContaining(TEAM.map((m) => m.name)));
    await panel.locator(byTestId('contribution-sort-qualified')).click();
    const qualified = (await panel.locator('tbody tr td.sorted').allTextContents()).map((s) => Number(s.replace(/\D/g, '')));
    expect(qualified).toEqual([...qualified].sort((a, b) => b - a));
    await panel.locator(byTestId('contribution-window-30d')).click();
    await panel.locator(`${byTestId('contribution-window-30d')}[aria-checked="true"]`).waitFor();
    await panel.locator('tbody tr').nth(TEAM.length - 1).waitFor();
    await panel.locator(byTestId('contribution-window-today')).click();
    await panel.locator('tbody tr').nth(TEAM.length - 1).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await panel.screenshot({ path: path.join(SCREENSHOTS, `contribution-${lang}.png`) });
  });
});

it('raised no page errors', () => {
  expect(pageErrors).toEqual([]);
});
