/**
 * @jest-environment node
 *
 * The "Users and keys" page in a real browser (Debian Chromium) against the real stack: an
 * administrator creates a wall-screen token there and the TV opens with it; revoking it sends the
 * open wall screen to the login page; disabling a user sends their open console to the login page.
 *
 * Needs the api, worker and dashboard builds (the harness builds nothing).
 */
import { randomUUID } from 'node:crypto';
import type { IngestEventInput } from '@leadboard/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { createTenant, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';

const CAMPAIGN = 'c-admin';
const TIMEOUT_MS = 30_000;
const byTestId = (id: string) => `[data-testid="${id}"]`;

jest.setTimeout(150_000);

let stack: Stack | undefined;
let tenant: TenantCredentials;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
const run = randomUUID().slice(0, 8);

async function newPage(): Promise<Page> {
  const context = await browser!.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1000 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  // revoking and erasing ask for confirmation
  page.on('dialog', (d) => void d.accept());
  return page;
}

async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${stack!.dashboardUrl}/login`);
  await page.locator(byTestId('login-email')).fill(email);
  await page.locator(byTestId('login-password')).fill(password);
  await page.locator(byTestId('login-submit')).click();
  await page.locator(byTestId('console')).waitFor();
}

async function openAdminPage(): Promise<Page> {
  const page = await newPage();
  await logIn(page, tenant.adminEmail, tenant.adminPassword);
  await page.locator(byTestId('open-admin')).click();
  await page.locator(`${byTestId('user-row')}[data-email="${tenant.adminEmail}"]`).waitFor();
  return page;
}

beforeAll(async () => {
  stack = await startStack({ dashboard: true });
  tenant = await createTenant(stack, `admin-${run}`);
  const res = await postEvents(stack, tenant.ingestKey, [
    { eventId: `a-${run}-1`, type: 'lead.created', occurredAt: new Date().toISOString(), campaignId: CAMPAIGN, leadId: `L-${run}`, lead: { source: 'web_form' } } as IngestEventInput,
  ]);
  expect(res.status).toBe(202);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.stop();
}, 60_000);

describe('users and keys in a browser', () => {
  it('creates a wall-screen token the TV opens with, and revoking it sends the open wall screen to the login page', async () => {
    const admin = await openAdminPage();
    await admin.locator(byTestId('key-add-label')).fill(`Hall TV ${run}`);
    await admin.locator(byTestId('key-add-campaigns')).fill(CAMPAIGN);
    await admin.locator(byTestId('key-add-submit')).click();
    const wallUrl = (await admin.locator(byTestId('secret-wall-url')).textContent())!;
    expect(wallUrl).toMatch(/\/\?wall=lbw_/);

    const tv = await newPage();
    await tv.goto(`${wallUrl}&rotate=0`);
    await tv.locator(`${byTestId('live-status')}[data-state="live"]`).waitFor();

    await admin.locator(byTestId('secret-hide')).click();
    const row = admin.locator(byTestId('key-row'), { hasText: `Hall TV ${run}` });
    await row.locator(byTestId('key-revoke')).click();
    await admin.locator(`${byTestId('key-row')}[data-state="revoked"]`, { hasText: `Hall TV ${run}` }).waitFor();

    // the open socket is closed at once; its reconnection is refused and the screen says why
    await tv.locator(byTestId('login-email')).waitFor();
    expect(await tv.textContent('body')).toContain('This wall-screen link is not valid any more');
  });

  it('disabling a user sends their open console to the login page', async () => {
    const admin = await openAdminPage();
    const email = `sara-${run}@example.it`;
    await admin.locator(byTestId('user-add-email')).fill(email);
    await admin.locator(byTestId('user-add-submit')).click();
    const password = (await admin.locator(byTestId('secret-value')).textContent())!.trim();

    const desk = await newPage();
    await logIn(desk, email, password);

    await admin.locator(`${byTestId('user-row')}[data-email="${email}"] ${byTestId('user-disable')}`).click();
    await admin.locator(`${byTestId('user-row')}[data-email="${email}"][data-disabled="true"]`).waitFor();
    await desk.locator(byTestId('login-email')).waitFor();
    // and the security events show it
    await admin.reload();
    await admin.locator(`${byTestId('security-event')}[data-event="user.disabled"]`).first().waitFor();
  });
});
