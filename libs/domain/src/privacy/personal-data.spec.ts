import type { IngestEvent } from '@leadboard/contracts';
import { foldLeadEvents, type LeadEvent } from '../lead-funnel';
import { DEFAULT_CAMPAIGN_RULES } from '../lead-state';
import { callOutcome, leadCreated } from '../testing/lead-event-builders';
import { randomLeadHistory, seededRandom } from '../testing/random-lead-history';
import { ERASED_MARK, PERSONAL_EVENT_PATHS, eraseLeadsFromEvents, redactValues, withoutPersonalData } from './personal-data';

const personal = { name: 'Maria Rossi', phone: '+39 333 1234567', email: 'maria@example.it', attributes: { form: 'ebook-acqua' } };

describe('withoutPersonalData', () => {
  it('drops the contact details and attributes of lead.created, keeping the source', () => {
    const e = leadCreated('e-1', 0, { lead: { source: 'meta_ads', ...personal } });
    expect(withoutPersonalData(e)).toEqual({ ...e, lead: { source: 'meta_ads' } });
    expect(JSON.stringify(withoutPersonalData(e))).not.toMatch(/Maria|333|example|ebook/);
  });

  it('drops the notes of call.outcome and keeps every fact', () => {
    const e = callOutcome('e-2', 1, 'CALLBK', { notes: 'Maria wants a call at 18', callbackAt: '2026-11-24T17:00:00Z', qualification: { need: true } });
    const { notes: _n, ...facts } = e;
    expect(withoutPersonalData(e)).toEqual(facts);
  });

  it('returns the same object when there is nothing personal', () => {
    const e: IngestEvent = { eventId: 'o', type: 'operator.state', occurredAt: '2026-11-23T09:00:00Z', operatorId: 'op-1', state: 'available' };
    expect(withoutPersonalData(e)).toBe(e);
    const bare = callOutcome('e-3', 2, 'NA');
    expect(withoutPersonalData(bare)).toBe(bare);
  });

  it('covers every path of the list the SQL erasure uses', () => {
    expect(PERSONAL_EVENT_PATHS.map((p) => p.join('.'))).toEqual(['lead.name', 'lead.phone', 'lead.email', 'lead.attributes', 'notes']);
  });
});

describe('eraseLeadsFromEvents', () => {
  it('strips only the named leads and counts the events changed', () => {
    const events = [
      leadCreated('a', 0, { leadId: 'L-1', lead: { source: 'web_form', ...personal } }),
      leadCreated('b', 0, { leadId: 'L-2', lead: { source: 'web_form', ...personal } }),
      callOutcome('c', 1, 'NI', { leadId: 'L-1', notes: 'no' }),
      callOutcome('d', 1, 'NA', { leadId: 'L-1' }),
    ];
    const r = eraseLeadsFromEvents(events, new Set(['L-1']));
    expect(r.changed).toBe(2);
    expect(r.events[1]).toBe(events[1]);
    expect(r.events[0]).toEqual({ ...events[0], lead: { source: 'web_form' } });
    expect(r.events[2]).not.toHaveProperty('notes');
  });

  it('leaves the funnel as it was: folding an erased history gives the same state and transitions', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = seededRandom(seed);
      const history = randomLeadHistory(rand, { campaignId: 'c', leadId: `L-${seed}`, t0: Date.parse('2026-11-23T09:00:00Z') }).map((e) =>
        e.type === 'lead.created' ? { ...e, lead: { ...e.lead, ...personal } } : { ...e, notes: `note ${seed}` },
      ) as LeadEvent[];
      const erased = eraseLeadsFromEvents(history, new Set([`L-${seed}`])).events;
      expect(JSON.stringify(erased)).not.toMatch(/Maria|note /);
      expect(foldLeadEvents(erased, DEFAULT_CAMPAIGN_RULES)).toEqual(foldLeadEvents(history, DEFAULT_CAMPAIGN_RULES));
    }
  });
});

describe('redactValues', () => {
  it('replaces the lead’s name, phone and e-mail in any letter case', () => {
    expect(redactValues('Call MARIA ROSSI back on +39 333 1234567 or maria@example.it', [personal.name, personal.phone, personal.email])).toBe(
      `Call ${ERASED_MARK} back on ${ERASED_MARK} or ${ERASED_MARK}`,
    );
  });

  it('ignores missing and very short values and characters special to patterns', () => {
    expect(redactValues('a.b (x) +1', [null, undefined, 'a', ' ', '(x)'])).toBe(`a.b ${ERASED_MARK} +1`);
  });
});
