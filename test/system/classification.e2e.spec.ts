/**
 * Classification errors and contribution end to end (docs/DOMAIN.md, "Classification errors",
 * "Contribution"): events over HTTP → the worker's batch → PostgreSQL → the API.
 * - `lost_lead_called`: raised with the call, once per call (duplicates, refolds), whatever the arrival
 *   order, acknowledged like any alert, never resolved or raised again by the evaluator;
 * - `knownCustomer`: a new lead whose phone or e-mail is a customer's, and the open leads of a person
 *   who just became a customer;
 * - `GET /campaigns/{id}/contribution` against a scenario computed by hand.
 */
import type { AlertView, Contribution, LeadDetail } from '@leadboard/contracts';
import { DataSource } from 'typeorm';
import { callOutcome, leadCreated, middayTimeZone } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let stack: Stack;
let db: DataSource;
let tenant: TenantCredentials;
let other: TenantCredentials;
let admin: string;
let otherAdmin: string;

const DAY_MS = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

async function post(events: unknown[]): Promise<void> {
  const res = await postEvents(stack, tenant.ingestKey, events);
  expect(res.status).toBe(202);
}

async function request(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function lostLeadAlerts(campaignId: string): Promise<AlertView[]> {
  const res = await getJson<AlertView[]>(stack, `/api/v1/alerts?campaignId=${campaignId}`, admin);
  expect(res.status).toBe(200);
  return res.body.filter((a) => a.rule === 'lost_lead_called');
}

/** Waits until every given event is stored (the batch was applied). */
async function applied(eventIds: string[]): Promise<void> {
  await waitFor(
    async () => {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND event_id = ANY($2::text[])`, [tenant.tenantId, eventIds])) as { n: number }[];
      return n === eventIds.length;
    },
    { what: `events ${eventIds.join(', ')} applied` },
  );
}

const id = (e: unknown) => (e as { eventId: string }).eventId;

beforeAll(async () => {
  stack = await startStack({ env: { ALERT_EVAL_INTERVAL_MS: '300' }, startTimeoutMs: 120_000 });
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2 } });
  await db.initialize();
  [tenant, other] = await Promise.all([createTenant(stack, 'Classification'), createTenant(stack, 'Classification other')]);
  [admin, otherAdmin] = await Promise.all([login(stack, tenant.adminEmail, tenant.adminPassword), login(stack, other.adminEmail, other.adminPassword)]);
  // Generous: seven engineers' test runs share this machine's two cores, and a cold start can take a minute.
}, 180_000);

afterAll(async () => {
  await db?.destroy();
  await stack?.stop();
});

describe('lost_lead_called', () => {
  const C = 'c-lost';
  let alert: AlertView;

  it('is raised with the call to a lead that said not interested within the cooling-off, once per call', async () => {
    const created = leadCreated(C, 'NI-1', ago(3 * DAY_MS), { lead: { source: 'web_form', phone: '+39 320 000 0001' } });
    const said = callOutcome(C, 'NI-1', 'NI', ago(2 * DAY_MS), { operatorId: 'op-a' });
    await post([created, said]);
    await applied([id(created), id(said)]);
    expect(await lostLeadAlerts(C)).toEqual([]);

    const call = callOutcome(C, 'NI-1', 'NA', ago(60_000), { operatorId: 'op-b' });
    await post([call]);
    await waitFor(async () => (await lostLeadAlerts(C)).length === 1, { what: 'the lost_lead_called alert' });
    [alert] = await lostLeadAlerts(C);
    expect(alert).toMatchObject({
      severity: 'warning',
      state: 'raised',
      messageKey: 'alerts.lost_lead_called.byOperator',
      params: { leadId: 'NI-1', operatorId: 'op-b', eventId: id(call), coolingOffDays: 30, notInterestedAt: (said as { occurredAt: string }).occurredAt },
    });
    expect(alert.message).toContain('take it out of the calling lists');

    // The same call again, and a late lead.created that makes the worker fold the lead's whole history again.
    const late = leadCreated(C, 'NI-1', ago(4 * DAY_MS), { lead: { source: 'web_form' } });
    await post([call, late]);
    await applied([id(late)]);
    expect((await lostLeadAlerts(C)).map((a) => a.id)).toEqual([alert.id]);
    expect(((await db.query(`SELECT count(*)::int AS n FROM alert_hysteresis WHERE tenant_id = $1 AND rule = 'lost_lead_called'`, [tenant.tenantId])) as { n: number }[])[0].n).toBe(0);

    // Another call is another incident.
    const second = callOutcome(C, 'NI-1', 'B', ago(30_000), { operatorId: 'op-b' });
    await post([second]);
    await waitFor(async () => (await lostLeadAlerts(C)).length === 2, { what: 'a second alert' });
  });

  it('is decided in event time: a NOT_INTERESTED arriving after the call raises it then', async () => {
    const call = callOutcome(C, 'NI-2', 'NA', ago(60_000), { operatorId: 'op-c' });
    await post([call]);
    await applied([id(call)]);
    const said = callOutcome(C, 'NI-2', 'NOT_INTERESTED', ago(DAY_MS), { operatorId: 'op-a' });
    await post([said]);
    await waitFor(async () => (await lostLeadAlerts(C)).some((a) => a.params['leadId'] === 'NI-2'), { what: 'the alert of NI-2' });
    expect((await lostLeadAlerts(C)).filter((a) => a.params['leadId'] === 'NI-2').map((a) => a.params['eventId'])).toEqual([id(call)]);
  });

  it("follows the campaign's coolingOffDays", async () => {
    const res = await request('PATCH', `/api/v1/campaigns/${C}`, admin, { coolingOffDays: 1 });
    expect(res).toMatchObject({ status: 200, body: { coolingOffDays: 1 } });
    expect((await request('PATCH', `/api/v1/campaigns/${C}`, admin, { coolingOffDays: -1 })).status).toBe(400);
    const said = callOutcome(C, 'NI-3', 'NOT_INTERESTED', ago(2 * DAY_MS), { operatorId: 'op-a' });
    const call = callOutcome(C, 'NI-3', 'NA', ago(60_000), { operatorId: 'op-b' });
    await post([said, call]);
    await applied([id(said), id(call)]);
    expect((await lostLeadAlerts(C)).filter((a) => a.params['leadId'] === 'NI-3')).toEqual([]);
  });

  it('is acknowledged like any alert and never resolved nor raised again by the evaluator', async () => {
    const res = await request('POST', `/api/v1/alerts/${alert.id}/ack`, admin);
    expect(res).toMatchObject({ status: 200, body: { id: alert.id, state: 'acknowledged' } });
    const open = await getJson<AlertView[]>(stack, `/api/v1/alerts?state=open&campaignId=${C}`, admin);
    expect(open.body.map((a) => a.id)).not.toContain(alert.id);
    // The evaluator (every 300 ms here) steps only the condition rules and stores nothing while they stay
    // quiet, so there is no row to watch: let five intervals pass, then nothing about this alert moved.
    const until = Date.now() + 1_500;
    await waitFor(() => Date.now() >= until, { what: 'five evaluation intervals' });
    const after = await lostLeadAlerts(C);
    expect(after.find((a) => a.id === alert.id)).toMatchObject({ state: 'acknowledged', resolvedAt: null });
    expect(after.filter((a) => a.params['eventId'] === alert.params['eventId'])).toHaveLength(1);
  });
});

describe('knownCustomer', () => {
  const C = 'c-known';
  const lead = async (leadId: string, token = admin) => getJson<LeadDetail>(stack, `/api/v1/leads/${leadId}`, token);

  it("flags a new lead whose phone or e-mail is a customer's, written differently", async () => {
    const customer = leadCreated(C, 'K-1', ago(DAY_MS), { lead: { source: 'web_form', phone: '+39 333 111 2222', email: 'Anna.Bianchi@Example.com' } });
    const sale = callOutcome(C, 'K-1', 'SALE', ago(DAY_MS - 60_000));
    await post([customer, sale]);
    await applied([id(customer), id(sale)]);
    const byPhone = leadCreated(C, 'K-2', ago(60_000), { lead: { source: 'meta_ads', phone: '+393331112222' } });
    const byEmail = leadCreated(C, 'K-3', ago(60_000), { lead: { source: 'meta_ads', email: ' anna.bianchi@example.com ' } });
    const stranger = leadCreated(C, 'K-4', ago(60_000), { lead: { source: 'meta_ads', phone: '+39 333 999 0000', email: 'someone@example.com' } });
    await post([byPhone, byEmail, stranger]);
    await applied([id(byPhone), id(byEmail), id(stranger)]);
    expect((await lead('K-2')).body.knownCustomer).toBe(true);
    expect((await lead('K-3')).body.knownCustomer).toBe(true);
    expect((await lead('K-4')).body.knownCustomer).toBe(false);
    expect((await lead('K-1')).body.knownCustomer).toBe(false);
  });

  it('flags the open leads of a person who becomes a customer, and is counted in the metrics (no personal data)', async () => {
    const earlier = leadCreated(C, 'K-5', ago(2 * DAY_MS), { lead: { source: 'trade_fair', phone: '+39 347 555 6666' } });
    const later = leadCreated(C, 'K-6', ago(DAY_MS), { lead: { source: 'web_form', phone: '347 555 6666' } });
    await post([earlier, later]);
    await applied([id(earlier), id(later)]);
    expect((await lead('K-5')).body.knownCustomer).toBe(false);
    const sale = callOutcome(C, 'K-6', 'SALE', ago(60_000));
    await post([sale]);
    await applied([id(sale)]);
    await waitFor(async () => (await lead('K-5')).body.knownCustomer, { what: 'K-5 flagged' });
    const metrics = await getJson<{ knownCustomers?: number }>(stack, `/api/v1/campaigns/${C}/metrics`, tenant.wallToken);
    expect(metrics.body.knownCustomers).toBe(3); // K-2, K-3, K-5 (K-4 is a stranger, K-1 and K-6 customers)
    const wallView = await lead('K-5', tenant.wallToken);
    expect(wallView.body).toMatchObject({ knownCustomer: true });
    expect(wallView.body.contact).toBeUndefined();
    // Another tenant's customer with the same phone changes nothing here.
    expect((await lead('K-5', otherAdmin)).status).toBe(404);
  });
});

describe('GET /api/v1/campaigns/:id/contribution', () => {
  const C = 'c-contrib';
  const contribution = (window: string, token = admin) => getJson<Contribution>(stack, `/api/v1/campaigns/${C}/contribution?window=${window}`, token);

  it('credits each transition to the operator of the call that caused it (a scenario computed by hand)', async () => {
    const at = (minutesAgo: number) => ago(minutesAgo * 60_000);
    const ops = [
      { eventId: `os-${Date.now()}-j`, type: 'operator.state', occurredAt: at(60).toISOString(), operatorId: 'op-j1', state: 'available', campaignId: C, operator: { name: 'Giulia Rossi', seniority: 'junior' } },
      { eventId: `os-${Date.now()}-s`, type: 'operator.state', occurredAt: at(60).toISOString(), operatorId: 'op-s1', state: 'available', campaignId: C, operator: { name: 'Marco De Luca', seniority: 'senior' } },
    ];
    const distinct = (leadId: string) => ({ lead: { source: 'web_form', phone: `+39 351 ${leadId.slice(-1)}00 0000` } });
    const events = [
      ...ops,
      ...['L1', 'L2', 'L3', 'L4'].map((l) => leadCreated(C, l, at(50), distinct(l))),
      // Giulia, junior: contacts L1, L2, L3; qualifies L1 (→ prospect) and L3 (new → opportunity at once).
      callOutcome(C, 'L1', 'INTERESTED', at(40), { operatorId: 'op-j1' }),
      callOutcome(C, 'L1', 'QUALIFIED', at(39), { operatorId: 'op-j1' }),
      callOutcome(C, 'L2', 'NOT_INTERESTED', at(38), { operatorId: 'op-j1' }),
      callOutcome(C, 'L3', 'NO_ANSWER', at(37), { operatorId: 'op-j1' }),
      callOutcome(C, 'L3', 'APPOINTMENT_SET', at(36), { operatorId: 'op-j1' }),
      // Marco, senior: takes L1 to opportunity and closes it; qualifies L4, which stays on his desk.
      callOutcome(C, 'L1', 'APPOINTMENT_SET', at(30), { operatorId: 'op-s1' }),
      callOutcome(C, 'L1', 'SALE', at(20), { operatorId: 'op-s1' }),
      callOutcome(C, 'L4', 'QUALIFIED', at(10), { operatorId: 'op-s1' }),
      // Ten days ago: only in the 30-day window.
      leadCreated(C, 'L5', ago(10 * DAY_MS + 60_000), distinct('L5')),
      callOutcome(C, 'L5', 'QUALIFIED', ago(10 * DAY_MS), { operatorId: 'op-j1' }),
    ];
    // The operators first (they create the campaign), then the campaign's day set around now, whatever the
    // hour of the run: "today" below must hold the last hour's calls.
    await post(ops);
    await applied(ops.map(id));
    expect((await request('PATCH', `/api/v1/campaigns/${C}`, admin, { timeZone: middayTimeZone() })).status).toBe(200);
    const calls = events.slice(ops.length);
    await post(calls);
    await applied(calls.map(id));

    const today = await contribution('today');
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({ campaignId: C, window: 'today' });
    expect(today.body.operators).toEqual([
      {
        operatorId: 'op-s1', name: 'Marco De Luca', displayName: 'Marco L.', seniority: 'senior',
        calls: 3, contacts: 2, qualified: 1, opportunities: 1, closed: 1, prospectsOwned: 1, qualificationRate: null, closeRate: 0.5,
      },
      {
        operatorId: 'op-j1', name: 'Giulia Rossi', displayName: 'Giulia R.', seniority: 'junior',
        calls: 5, contacts: 3, qualified: 2, opportunities: 1, closed: 0, prospectsOwned: 2, qualificationRate: 0.6667, closeRate: null,
      },
    ]);
    const month = await contribution('30d');
    expect(month.body.operators.find((o) => o.operatorId === 'op-j1')).toMatchObject({ calls: 6, contacts: 4, qualified: 3, prospectsOwned: 2, qualificationRate: 0.75 });
    expect((await contribution('7d')).body.operators.find((o) => o.operatorId === 'op-j1')).toMatchObject({ calls: 5, qualified: 2 });
  });

  it('gives wall-screen tokens first names and initials only', async () => {
    const wall = await contribution('today', tenant.wallToken);
    expect(wall.status).toBe(200);
    expect(wall.body.operators.map((o) => [o.name, o.displayName])).toEqual([
      [null, 'Marco L.'],
      [null, 'Giulia R.'],
    ]);
    expect(JSON.stringify(wall.body)).not.toMatch(/Rossi|De Luca/);
  });

  it('validates the window and hides other tenants', async () => {
    expect((await contribution('1y')).status).toBe(400);
    expect((await getJson(stack, `/api/v1/campaigns/${C}/contribution`, otherAdmin)).status).toBe(404);
    expect((await getJson(stack, `/api/v1/campaigns/${C}/contribution`, admin)).status).toBe(200);
  });
});
