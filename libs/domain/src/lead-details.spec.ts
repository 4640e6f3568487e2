import type { CallOutcomeEvent, LeadCreatedEvent } from '@leadboard/contracts';
import { detailsFromCalls, detailsFromCreated, fillMissing, overwriteWith, type LeadDetails } from './lead-details';

const created = (lead: Partial<LeadCreatedEvent['lead']>): LeadCreatedEvent => ({
  eventId: 'lc',
  type: 'lead.created',
  occurredAt: '2026-11-23T09:00:00Z',
  campaignId: 'c',
  leadId: 'L',
  lead: { source: 'meta_ads', ...lead },
});
const call = (lead: CallOutcomeEvent['lead']): CallOutcomeEvent => ({
  eventId: 'co',
  type: 'call.outcome',
  occurredAt: '2026-11-23T09:00:00Z',
  campaignId: 'c',
  leadId: 'L',
  disposition: 'NI',
  talkSeconds: 0,
  wrapSeconds: 0,
  lead,
});
const known: LeadDetails = { name: 'Maria Rossi', phone: '+39 333', email: null, attributes: { form: 'ebook' } };

describe('lead details', () => {
  it("a lead.created's empty fields keep what was known; its values win", () => {
    const origin = detailsFromCreated([created({ name: 'Maria R.', phone: null, email: 'm@example.com', attributes: null })]);
    expect(overwriteWith(known, origin)).toEqual({ name: 'Maria R.', phone: '+39 333', email: 'm@example.com', attributes: { form: 'ebook' } });
  });

  it('details from calls only fill what is missing, attribute keys included', () => {
    const fromCalls = detailsFromCalls([call({ name: 'M. Rossi', phone: '333', email: 'maria@example.com', attributes: { form: 'other', vicidialListId: '101' } })]);
    expect(fillMissing(known, fromCalls)).toEqual({ name: 'Maria Rossi', phone: '+39 333', email: 'maria@example.com', attributes: { form: 'ebook', vicidialListId: '101' } });
  });

  it('the first call with a value gives it; calls without details give nothing', () => {
    expect(detailsFromCalls([call(null), call({ phone: '1' }), call({ phone: '2', name: 'B' })])).toEqual({ name: 'B', phone: '1', email: null, attributes: null });
    expect(detailsFromCalls([call(null)])).toBeNull();
    expect(detailsFromCreated([])).toBeNull();
  });
});
