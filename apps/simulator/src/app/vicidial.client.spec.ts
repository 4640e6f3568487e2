import type { IngestEventInput } from '@leadboard/contracts';
import { parseFormEncoded, queryStringOf, translateAgentEvent, translateDispoCall, translateNoAgentCall } from '@leadboard/domain';
import { VicidialClient, type VicidialFetch } from './vicidial.client';

type Sent = { method: string; url: string; headers: Record<string, string>; body?: string };

function fakeFetch(answer: (req: Sent) => { status: number; body?: string; headers?: Record<string, string> }) {
  const sent: Sent[] = [];
  const fetch: VicidialFetch = async (url, init) => {
    const req = { method: init.method, url, headers: init.headers, body: init.body };
    sent.push(req);
    const a = answer(req);
    return { status: a.status, headers: { get: (n: string) => a.headers?.[n.toLowerCase()] ?? null }, text: async () => a.body ?? '' };
  };
  return { fetch, sent };
}

const ok = () => ({ status: 200, body: 'OK x' });
const at = '2026-11-30T09:55:02.345Z';
const created: IngestEventInput = { eventId: 'e-r1-0000000001', type: 'lead.created', occurredAt: at, campaignId: 'c-solar', leadId: 'L-1', lead: { source: 'web_form', name: 'Maria De Luca', phone: '+393331234567', email: 'm@example.com' } };
const callback: IngestEventInput = { eventId: 'e-r1-0000000007', type: 'call.outcome', occurredAt: at, campaignId: 'c-solar', leadId: 'L-1', operatorId: 'op-01', disposition: 'CALLBK', talkSeconds: 95, wrapSeconds: 20, callbackAt: '2026-11-30T14:30:00.000Z', notes: 'Richiamare dopo le 18' };
const noAgent: IngestEventInput = { eventId: 'e-r1-0000000008', type: 'call.outcome', occurredAt: at, campaignId: 'c-solar', leadId: 'L-1', disposition: 'NA', talkSeconds: 0, wrapSeconds: 0 };
const login: IngestEventInput = { eventId: 'e-r1-0000000002', type: 'operator.state', occurredAt: at, operatorId: 'op-01', state: 'available', campaignId: 'c-solar', operator: { name: 'Anna Neri', seniority: 'senior' } };
const state = (n: number, s: 'on_call' | 'wrap_up' | 'available' | 'paused' | 'offline'): IngestEventInput => ({ eventId: `e-r1-000000010${n}`, type: 'operator.state', occurredAt: at, operatorId: 'op-01', state: s, campaignId: 'c-solar' });

const ctx = { timeZone: 'Europe/Rome', defaultCampaignId: null, receivedAt: new Date() };

describe('VicidialClient', () => {
  it('sends new leads and first log-ins to the ingest API, calls to the Dispo / No Agent URLs, states as agent events', async () => {
    const { fetch, sent } = fakeFetch(ok);
    const client = new VicidialClient({ url: 'http://h:3000/', key: 'lbk_secret', timeZone: 'Europe/Rome', fetch, parallel: 1 });
    await expect(client.post([created, login, callback, noAgent, state(1, 'on_call'), state(2, 'wrap_up'), state(3, 'available')])).resolves.toEqual({
      kind: 'accepted',
      accepted: 7,
      duplicates: 0,
    });
    expect(sent.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual([
      'POST http://h:3000/api/v1/events',
      'GET http://h:3000/api/v1/integrations/vicidial/dispo',
      'GET http://h:3000/api/v1/integrations/vicidial/no-agent',
      'POST http://h:3000/api/v1/integrations/vicidial/agent-events',
      'POST http://h:3000/api/v1/integrations/vicidial/agent-events',
      'POST http://h:3000/api/v1/integrations/vicidial/agent-events',
    ]);
    const json = JSON.parse(sent[0].body ?? '{}') as { events: IngestEventInput[] };
    expect(json.events.map((e) => e.type)).toEqual(['lead.created', 'operator.state']);
    expect(json.events[1].occurredAt).toBe('2026-11-30T09:55:02.000Z');
  });

  it("makes a Dispo Call URL the server's translation reads back as the same call, in VICIdial's local time", () => {
    const client = new VicidialClient({ url: 'http://h', key: 'lbk_secret', timeZone: 'Europe/Rome' });
    const [dispo, na] = client.translate([created, callback, noAgent]);
    expect(dispo.url).toContain('callback_datetime=2026-11-30+15%3A30%3A00');
    const params = parseFormEncoded(queryStringOf(dispo.url));
    expect(params['key']).toBe('lbk_secret');
    expect(translateDispoCall(params, ctx)).toEqual({
      ok: true,
      event: expect.objectContaining({
        eventId: 'vicidial:dispo:1796032502.7:L-1:7',
        occurredAt: '2026-11-30T09:55:02.000Z',
        campaignId: 'c-solar',
        leadId: 'L-1',
        operatorId: 'op-01',
        disposition: 'CALLBK',
        talkSeconds: 95,
        callbackAt: '2026-11-30T14:30:00Z',
        notes: 'Richiamare dopo le 18',
        lead: { name: 'Maria De Luca', phone: '+393331234567', email: 'm@example.com', attributes: null },
      }),
    });
    expect(translateNoAgentCall(parseFormEncoded(queryStringOf(na.url)), ctx)).toEqual({
      ok: true,
      event: expect.objectContaining({ eventId: 'vicidial:na:1796032502.8:L-1:NA', operatorId: null, disposition: 'NA', occurredAt: '2026-11-30T09:55:02Z' }),
    });
  });

  it('names agent events as VICIdial does, with a counter that orders them within a second', () => {
    const client = new VicidialClient({ url: 'http://h', key: 'k', timeZone: 'UTC' });
    const requests = client.translate([state(1, 'available'), state(2, 'on_call'), state(3, 'wrap_up'), state(4, 'available'), state(5, 'paused'), state(6, 'offline')]);
    const events = requests.map((r) => translateAgentEvent(parseFormEncoded(r.body ?? ''), ctx));
    expect(events.map((e) => (e.ok && e.event ? [e.event.eventId.split(':').slice(4).join(':'), e.event.state] : e))).toEqual([
      ['1:logged_in', 'available'],
      ['2:call_answered', 'on_call'],
      ['3:agent_hangup', 'wrap_up'],
      ['4:state_ready', 'available'],
      ['5:state_paused', 'paused'],
      ['6:logged_out', 'offline'],
    ]);
  });

  it('retries the batch on 503 (Retry-After), stops on 400 and 401 without printing the key', async () => {
    const busy = new VicidialClient({ url: 'http://h', key: 'k', timeZone: 'UTC', fetch: fakeFetch(() => ({ status: 503, headers: { 'retry-after': '5' } })).fetch });
    await expect(busy.post([noAgent])).resolves.toEqual(expect.objectContaining({ kind: 'retry', afterMs: 5000, throttled: true }));
    const refused = new VicidialClient({ url: 'http://h', key: 'lbk_secret', timeZone: 'UTC', fetch: fakeFetch(() => ({ status: 400, body: 'missing lead_id' })).fetch });
    const r = await refused.post([noAgent]);
    expect(r).toEqual(expect.objectContaining({ kind: 'fatal', status: 400, message: expect.stringContaining('missing lead_id') }));
    expect(JSON.stringify(r)).not.toContain('lbk_secret');
    const badKey = new VicidialClient({ url: 'http://h', key: 'k', timeZone: 'UTC', fetch: fakeFetch(() => ({ status: 401, body: 'invalid or missing key' })).fetch });
    await expect(badKey.post([noAgent])).resolves.toEqual(expect.objectContaining({ kind: 'fatal', message: expect.stringContaining('--key') }));
  });
});
