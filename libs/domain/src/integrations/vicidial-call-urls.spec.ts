import fc from 'fast-check';
import { parseFormEncoded } from './form-params';
import { translateDispoCall, translateNoAgentCall } from './vicidial-call-urls';
import type { VicidialContext } from './vicidial-translation';

const ctx: VicidialContext = { timeZone: 'Europe/Rome', defaultCampaignId: null, receivedAt: new Date('2026-11-30T10:00:00Z') };

/** A Dispo Call URL's query string exactly as VICIdial fills it in (form-encoded). */
const DISPO_QUERY =
  'key=lbk_x&lead_id=1042&campaign=SOLAR&dispo=CALLBK&user=6001&pass=agentpw&phone_pass=phonepw&talk_time=184' +
  '&uniqueid=1796032502.1234&agent_log_id=889&call_id=M1130100502000001042&epoch=1796032502' +
  '&callback_datetime=2026-11-30+15%3A30%3A00&callback_lead_status=CALLBK&term_reason=AGENT&called_count=3' +
  '&vendor_lead_code=CRM-77&list_id=101&phone_number=3331234567&first_name=Maria&last_name=De+Luca&email=maria%40example.com' +
  '&call_notes=wants+a+demo%2C+next+week';

describe('translateDispoCall', () => {
  it('makes the call.outcome the contract describes', () => {
    const r = translateDispoCall(parseFormEncoded(DISPO_QUERY), ctx);
    expect(r).toEqual({
      ok: true,
      event: {
        eventId: 'vicidial:dispo:1796032502.1234:1042:889',
        type: 'call.outcome',
        occurredAt: '2026-11-30T09:55:02.000Z',
        campaignId: 'SOLAR',
        leadId: '1042',
        operatorId: '6001',
        disposition: 'CALLBK',
        talkSeconds: 184,
        wrapSeconds: 0,
        callbackAt: '2026-11-30T14:30:00Z',
        notes: 'wants a demo, next week',
        lead: {
          name: 'Maria De Luca',
          phone: '3331234567',
          email: 'maria@example.com',
          attributes: { vicidialListId: '101', vendorLeadCode: 'CRM-77' },
        },
      },
    });
  });

  it('never carries the passwords or the key into the event', () => {
    const r = translateDispoCall(parseFormEncoded(DISPO_QUERY), ctx);
    expect(JSON.stringify(r)).not.toMatch(/agentpw|phonepw|lbk_x/);
  });

  it('uses call_id when uniqueid is empty, the time received when epoch is, the default campaign when campaign is', () => {
    const r = translateDispoCall(
      { lead_id: '7', campaign: '', dispo: 'NI', uniqueid: '', call_id: 'M1', agent_log_id: '5', epoch: '' },
      { ...ctx, defaultCampaignId: 'c-default' },
    );
    expect(r).toMatchObject({ ok: true, event: { eventId: 'vicidial:dispo:M1:7:5', occurredAt: '2026-11-30T10:00:00.000Z', campaignId: 'c-default', operatorId: null, lead: null } });
  });

  it('hashes the parameters when every id is empty: the same URL twice gives the same id, another URL another id', () => {
    const base = { lead_id: '7', campaign: 'C', dispo: 'NI', user: 'u1', epoch: '1796032502' };
    const a = translateDispoCall(base, ctx);
    const b = translateDispoCall({ ...base, key: 'another key' }, ctx);
    const c = translateDispoCall({ ...base, epoch: '1796032503' }, ctx);
    expect(a.ok && a.event?.eventId).toMatch(/^vicidial:dispo:#[0-9a-f]{16}$/);
    expect(b.ok && b.event?.eventId).toBe(a.ok && a.event?.eventId);
    expect(c.ok && c.event?.eventId).not.toBe(a.ok && a.event?.eventId);
  });

  it('gives one id per distinct set of VICIdial ids (no two calls share one)', () => {
    const id = fc.stringMatching(/^[0-9.]{1,20}$/);
    fc.assert(
      fc.property(id, id, id, id, id, id, (u1, l1, a1, u2, l2, a2) => {
        const one = translateDispoCall({ lead_id: l1, campaign: 'C', dispo: 'NI', uniqueid: u1, agent_log_id: a1 }, ctx);
        const two = translateDispoCall({ lead_id: l2, campaign: 'C', dispo: 'NI', uniqueid: u2, agent_log_id: a2 }, ctx);
        const same = u1 === u2 && l1 === l2 && a1 === a2;
        expect(one.ok && two.ok && one.event?.eventId === two.event?.eventId).toBe(same);
      }),
    );
  });

  it('says what is missing, and why when VICIdial left its placeholders', () => {
    expect(translateDispoCall({ campaign: 'C', dispo: 'NI' }, ctx)).toEqual({ ok: false, problem: 'missing lead_id' });
    expect(translateDispoCall({ lead_id: '1' }, ctx)).toEqual({ ok: false, problem: 'missing campaign, dispo' });
    expect(translateDispoCall({ lead_id: '--A--lead_id--B--', campaign: 'C', dispo: 'NI' }, ctx)).toEqual({
      ok: false,
      problem: "missing lead_id (lead_id arrived as VICIdial's --A--…--B-- placeholder: start the URL with VAR)",
    });
  });

  it('refuses malformed times and seconds with the parameter named, and never echoes personal data', () => {
    const base = { lead_id: '1', campaign: 'C', dispo: 'CALLBK', first_name: 'Maria' };
    expect(translateDispoCall({ ...base, epoch: 'yesterday' }, ctx)).toEqual({ ok: false, problem: 'epoch must be Unix seconds' });
    expect(translateDispoCall({ ...base, talk_time: '-4' }, ctx)).toEqual({ ok: false, problem: 'talk_time must be a number of seconds' });
    expect(translateDispoCall({ ...base, callback_datetime: '30/11/2026' }, ctx)).toEqual({ ok: false, problem: 'callback_datetime must be YYYY-MM-DD HH:MM:SS' });
    const tooLong = translateDispoCall({ ...base, lead_id: 'x'.repeat(200) }, ctx);
    expect(tooLong).toEqual({ ok: false, problem: 'lead_id: must be a string of 1 to 128 characters' });
  });

  it('leaves out lead details that do not fit rather than losing the call', () => {
    const r = translateDispoCall({ lead_id: '1', campaign: 'C', dispo: 'NI', email: `${'x'.repeat(300)}@example.com`, phone_number: '333' }, ctx);
    expect(r).toMatchObject({ ok: true, event: { lead: { name: null, phone: '333', email: null, attributes: null } } });
  });
});

describe('translateNoAgentCall', () => {
  it('makes a call.outcome with no operator, timed by SQLdate in the tenant zone (raw values tolerated)', () => {
    const params = parseFormEncoded('key=k&lead_id=1042&campaign=SOLAR&status=NA&uniqueid=1796032502.77&call_id=V1&SQLdate=2026-11-30+15:30:00&called_count=2&phone_number=+393331234567');
    expect(translateNoAgentCall(params, ctx)).toEqual({
      ok: true,
      event: {
        eventId: 'vicidial:na:1796032502.77:1042:NA',
        type: 'call.outcome',
        occurredAt: '2026-11-30T14:30:00Z',
        campaignId: 'SOLAR',
        leadId: '1042',
        operatorId: null,
        disposition: 'NA',
        talkSeconds: 0,
        wrapSeconds: 0,
        lead: { name: null, phone: '+393331234567', email: null, attributes: null },
      },
    });
  });

  it('takes dispo for status, call_id for uniqueid, and the received time without SQLdate', () => {
    expect(translateNoAgentCall({ lead_id: '9', campaign: 'C', dispo: 'DROP', call_id: 'V9' }, ctx)).toMatchObject({
      ok: true,
      event: { eventId: 'vicidial:na:V9:9:DROP', disposition: 'DROP', occurredAt: '2026-11-30T10:00:00.000Z' },
    });
    expect(translateNoAgentCall({ lead_id: '9', campaign: 'C' }, ctx)).toEqual({ ok: false, problem: 'missing status' });
    expect(translateNoAgentCall({ lead_id: '9', campaign: 'C', status: 'B', SQLdate: 'now' }, ctx)).toEqual({ ok: false, problem: 'SQLdate must be YYYY-MM-DD HH:MM:SS' });
  });
});
