/**
 * B2B accounts and the what-if against the real stack (API, worker, PostgreSQL, Redis): several
 * leads of one company, their events shuffled over several requests (one resent), end with the
 * account the domain derives; a what-if then saving the same values gives the funnel the what-if
 * promised; a wall screen's account figures carry company names and no person.
 */
import type { AccountDetail, AccountMessage, AccountPage, CampaignMetrics, LeadDetail, WhatIfResult } from '@leadboard/contracts';
import { seededRandom, shuffled } from '@leadboard/domain/testing';
import { connectLive, type LiveRecorder } from '../support/live-client';
import { callOutcome, leadCreated } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { waitFor } from '../support/wait';

let stack: Stack;
let tenant: TenantCredentials;
let admin: string;
let live: LiveRecorder;
const accountMessages: AccountMessage[] = [];

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack);
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
  live = await connectLive(stack.apiUrl, admin);
  live.socket.on('account', (m: AccountMessage) => accountMessages.push(m));
  expect(await live.subscribe({ campaignId: 'c-b2b' })).toMatchObject({ ok: true });
});

afterAll(async () => {
  live?.close();
  await stack?.stop();
});

const t0 = Date.now() - 60 * 60_000;
const at = (min: number) => new Date(t0 + min * 60_000);
const company = (name: string, vatId?: string) => ({ lead: { source: 'trade_fair', name: `Person ${name}`, phone: '+39 333 111 2222', email: 'person@example.it', company: { name, ...(vatId ? { vatId } : {}) } } });

it('accounts and their stages after shuffled events from several leads of one company', async () => {
  // Acqua Pura, spelled three ways: one lead qualifies (potential), another buys (customer), one is lost.
  const events = [
    leadCreated('c-b2b', 'B-1', at(0), company('Acqua Pura S.r.l.')),
    callOutcome('c-b2b', 'B-1', 'INTERESTED', at(5)),
    callOutcome('c-b2b', 'B-1', 'QUALIFIED', at(10)),
    leadCreated('c-b2b', 'B-2', at(1), company('ACQUA PURA SRL')),
    callOutcome('c-b2b', 'B-2', 'APPOINTMENT_SET', at(12)),
    callOutcome('c-b2b', 'B-2', 'SALE', at(20)),
    leadCreated('c-b2b', 'B-3', at(2), company('acqua-pura srl')),
    callOutcome('c-b2b', 'B-3', 'NI', at(6)),
    // Énergie Verte: its only lead talked but never qualified.
    leadCreated('c-b2b', 'B-4', at(3), company('Énergie Verte SAS', 'FR 12 345678901')),
    callOutcome('c-b2b', 'B-4', 'INTERESTED', at(7)),
    // A person without a company is nobody's account.
    leadCreated('c-b2b', 'B-5', at(4)),
  ];
  const arrival = shuffled(seededRandom(13), events);
  for (const part of [arrival.slice(0, 4), arrival.slice(4, 8), arrival.slice(8), arrival.slice(2, 6)]) {
    expect((await postEvents(stack, tenant.ingestKey, part)).status).toBe(202);
  }
  const accounts = async () => (await getJson<AccountPage>(stack, '/api/v1/accounts?campaignId=c-b2b', admin)).body;
  // Every event applied (the requests are applied in any order): both accounts with all their figures.
  const figures = (a: AccountPage['items'][number]) => [a.accountId, a.stage, a.leads, a.contacts, a.opportunities, a.customers].join(' ');
  await waitFor(async () => (await accounts()).items.map(figures).join(' | ') === 'name:acqua-pura customer 3 2 1 1 | vat:12345678901 lead 1 0 0 0', {
    what: 'both accounts with all their figures',
    timeoutMs: 30_000,
  });
  const [acqua, energie] = (await accounts()).items;
  expect(acqua).toMatchObject({ accountId: 'name:acqua-pura', stage: 'customer', leads: 3, contacts: 2, opportunities: 1, customers: 1 });
  expect(energie).toMatchObject({ accountId: 'vat:12345678901', name: 'Énergie Verte SAS', vatId: 'FR 12 345678901', stage: 'lead', leads: 1, contacts: 0 });

  const detail = (await getJson<AccountDetail>(stack, '/api/v1/accounts/name:acqua-pura', admin)).body;
  expect(detail.accountLeads.map((l) => [l.leadId, l.stage])).toEqual([
    ['B-2', 'customer'],
    ['B-1', 'prospect'],
    ['B-3', 'lost'],
  ]);
  expect((await getJson<LeadDetail>(stack, '/api/v1/leads/B-3', admin)).body.account).toEqual({ accountId: 'name:acqua-pura', name: expect.any(String), stage: 'customer' });
  expect((await getJson<LeadDetail>(stack, '/api/v1/leads/B-5', admin)).body.account).toBeNull();
  expect((await getJson(stack, '/api/v1/accounts/name:nobody', admin)).status).toBe(404);

  await waitFor(async () => (await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-b2b/metrics', admin)).body.accounts.customer === 1, { what: 'metrics accounts' });
  expect((await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-b2b/metrics', admin)).body.accounts).toEqual({ lead: 1, potential: 0, customer: 1 });
  // The live channel said so, in seq order with the campaign's other messages.
  await waitFor(async () => accountMessages.some((m) => m.accountId === 'name:acqua-pura' && m.to === 'customer'), { what: 'account message' });
  const last = accountMessages.filter((m) => m.accountId === 'name:acqua-pura').pop()!;
  expect(last).toMatchObject({ campaignId: 'c-b2b', to: 'customer', seq: expect.any(Number) });
});

it("a wall token's account figures carry company names and no personal data", async () => {
  const wall = tenant.wallToken;
  const page = await getJson<AccountPage>(stack, '/api/v1/accounts?campaignId=c-b2b', wall);
  expect(page.status).toBe(200);
  const detail = await getJson<AccountDetail>(stack, '/api/v1/accounts/name:acqua-pura', wall);
  expect(detail.status).toBe(200);
  const metrics = await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-b2b/metrics', wall);
  const text = JSON.stringify([page.body, detail.body, metrics.body]);
  expect(text).toContain('Énergie Verte SAS');
  for (const personal of ['Person ', '+39 333 111 2222', 'person@example.it']) expect(text).not.toContain(personal);
  expect((await getJson(stack, '/api/v1/campaigns/c-b2b/what-if', wall)).status).toBe(403);
});

it('a what-if, then saving the same values, gives the funnel the what-if promised', async () => {
  // Leads whose calls carry two true BANT answers: not prospects at the default threshold (3).
  const events = [];
  for (let i = 0; i < 6; i++) {
    events.push(leadCreated('c-line', `Q-${i}`, at(30)));
    events.push(callOutcome('c-line', `Q-${i}`, 'INTERESTED', at(31 + i), { qualification: { need: true, budget: i % 2 === 0, authority: i % 3 === 0, timeline: false } }));
  }
  expect((await postEvents(stack, tenant.ingestKey, events)).status).toBe(202);
  const metrics = async () => (await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-line/metrics', admin)).body;
  await waitFor(async () => (await metrics())?.funnel?.contacted === 6, { what: 'six contacted leads' });

  const same = (await getJson<WhatIfResult>(stack, '/api/v1/campaigns/c-line/what-if', admin)).body;
  expect(same.proposed).toEqual(same.current);
  const { status, body: promised } = await getJson<WhatIfResult>(stack, '/api/v1/campaigns/c-line/what-if?qualificationThreshold=2', admin);
  expect(status).toBe(200);
  expect(promised.rules.proposed).toEqual({ qualificationThreshold: 2, maxAttempts: 6 });
  expect(promised.current.funnel.prospect).toBe(1);
  expect(promised.proposed.funnel.prospect).toBe(4);
  expect((await getJson(stack, '/api/v1/campaigns/c-line/what-if?qualificationThreshold=9', admin)).status).toBe(400);

  const saved = await fetch(`${stack.apiUrl}/api/v1/campaigns/c-line`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ qualificationThreshold: 2 }),
  });
  expect(saved.status).toBe(200);
  await waitFor(async () => (await metrics()).funnel.prospect === promised.proposed.funnel.prospect, { what: 'the refolded funnel', timeoutMs: 30_000 });
  const after = await metrics();
  expect({ stages: after.stages, funnel: after.funnel, rates: after.rates }).toEqual(promised.proposed);
  const corrected = (await getJson<LeadDetail>(stack, '/api/v1/leads/Q-0', admin)).body;
  expect(corrected.stage).toBe('prospect');
});
