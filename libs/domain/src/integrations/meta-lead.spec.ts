import { metaWebhookBodySchema, validateEvent } from '@leadboard/contracts';
import { extractLeadgenChanges, metaLeadToEvent, normaliseGraphTime, type GraphLead } from './meta-lead';

const routing = { defaultCampaignId: 'c-default', forms: { '555': 'c-water' } };
const received = '2026-11-30T10:00:05.000Z';

describe('normaliseGraphTime', () => {
  it("turns Graph's offset without a colon into a valid ISO instant in UTC", () => {
    expect(normaliseGraphTime('2026-11-30T10:00:00+0000')).toBe('2026-11-30T10:00:00.000Z');
    expect(normaliseGraphTime('2026-11-30T11:30:00+0130')).toBe('2026-11-30T10:00:00.000Z');
    expect(normaliseGraphTime('2026-11-30T05:00:00-0500')).toBe('2026-11-30T10:00:00.000Z');
  });

  it('accepts the ISO forms too', () => {
    expect(normaliseGraphTime('2026-11-30T10:00:00Z')).toBe('2026-11-30T10:00:00.000Z');
    expect(normaliseGraphTime('2026-11-30T12:00:00.250+02:00')).toBe('2026-11-30T10:00:00.250Z');
  });

  it('refuses what is not a real date-time', () => {
    for (const bad of [undefined, '', '2026-11-30', '2026-02-30T10:00:00+0000', '1764496800', 'yesterday', '2026-11-30T25:00:00+0000']) {
      expect(normaliseGraphTime(bad)).toBeNull();
    }
  });
});

describe('extractLeadgenChanges', () => {
  const body = (entry: unknown[]) => metaWebhookBodySchema.parse({ object: 'page', entry });

  it('makes one fetch per leadgen change across entries, once per lead id', () => {
    const parsed = body([
      { id: '111', time: 1764496800, changes: [{ field: 'leadgen', value: { leadgen_id: '12345678901234567', form_id: '555', page_id: '111', ad_id: '777' } }] },
      {
        id: '222',
        changes: [
          { field: 'leadgen', value: { leadgen_id: '42' } },
          { field: 'feed', value: { item: 'post' } },
          { field: 'leadgen', value: { leadgen_id: '42' } },
        ],
      },
    ]);
    expect(extractLeadgenChanges(parsed)).toEqual({
      changes: [
        { leadgenId: '12345678901234567', formId: '555', pageId: '111', adId: '777' },
        { leadgenId: '42', pageId: '222' },
      ],
      invalid: 0,
    });
  });

  it('counts leadgen changes without a usable lead id as invalid', () => {
    const parsed = body([{ changes: [{ field: 'leadgen', value: {} }, { field: 'leadgen' }, { field: 'leadgen', value: { leadgen_id: '12:3' } }] }]);
    expect(extractLeadgenChanges(parsed)).toEqual({ changes: [], invalid: 3 });
  });

  it('has nothing to do for a notification without entries', () => {
    expect(extractLeadgenChanges(metaWebhookBodySchema.parse({}))).toEqual({ changes: [], invalid: 0 });
  });
});

describe('metaLeadToEvent', () => {
  const lead: GraphLead = {
    id: '12345678901234567',
    created_time: '2026-11-30T10:00:00+0000',
    form_id: '555',
    ad_id: '777',
    adset_id: '888',
    campaign_id: '999',
    field_data: [
      { name: 'full_name', values: ['Maria Rossi'] },
      { name: 'phone_number', values: ['+393331234567'] },
      { name: 'email', values: ['maria@example.com'] },
      { name: 'company_name', values: ['Acqua Srl'] },
      { name: 'city', values: ['Milano'] },
      { name: 'which_products', values: ['filters', 'softeners'] },
      { name: 'empty_answer', values: [] },
    ],
  };

  it('makes one valid lead.created with the exact id, contact fields, the company and everything else in attributes', () => {
    const event = metaLeadToEvent(lead, { leadgenId: '12345678901234567', formId: '555', pageId: '111' }, routing, received);
    expect(event).toEqual({
      eventId: 'meta:12345678901234567',
      type: 'lead.created',
      occurredAt: '2026-11-30T10:00:00.000Z',
      campaignId: 'c-water',
      leadId: '12345678901234567',
      lead: {
        source: 'meta_ads',
        name: 'Maria Rossi',
        phone: '+393331234567',
        email: 'maria@example.com',
        attributes: {
          city: 'Milano',
          which_products: 'filters, softeners',
          form_id: '555',
          ad_id: '777',
          adset_id: '888',
          campaign_id: '999',
          page_id: '111',
        },
        company: { name: 'Acqua Srl', vatId: null },
      },
    });
    expect(validateEvent(event, 0).errors).toEqual([]);
  });

  it('takes the VAT number from a custom question beside company_name', () => {
    const event = metaLeadToEvent(
      { field_data: [{ name: 'company_name', values: ['Acqua Srl'] }, { name: 'partita_iva', values: ['IT01234567890'] }] },
      { leadgenId: '1' },
      routing,
      received,
    );
    expect(event.type === 'lead.created' && event.lead).toMatchObject({ attributes: {}, company: { name: 'Acqua Srl', vatId: 'IT01234567890' } });
  });

  it("uses the source's default campaign for a form it does not map", () => {
    const event = metaLeadToEvent({ ...lead, form_id: '556' }, { leadgenId: '1' }, routing, received);
    expect(event.campaignId).toBe('c-default');
  });

  it('builds the name from first and last name when there is no full name', () => {
    const event = metaLeadToEvent({ field_data: [{ name: 'first_name', values: ['Maria'] }, { name: 'last_name', values: ['Rossi'] }] }, { leadgenId: '1' }, routing, received);
    expect(event).toMatchObject({ lead: { name: 'Maria Rossi', phone: null, email: null, attributes: {} } });
    const firstOnly = metaLeadToEvent({ field_data: [{ name: 'first_name', values: ['Maria'] }] }, { leadgenId: '1' }, routing, received);
    expect(firstOnly).toMatchObject({ lead: { name: 'Maria' } });
  });

  it("falls back to the notification's form and ad ids and to the arrival time", () => {
    const event = metaLeadToEvent({ created_time: 'not a time' }, { leadgenId: '9', formId: '555', adId: '42' }, routing, received);
    expect(event).toMatchObject({ occurredAt: received, campaignId: 'c-water', lead: { attributes: { form_id: '555', ad_id: '42' } } });
  });

  it("keeps Meta's ids when a form question has the same name", () => {
    const event = metaLeadToEvent({ form_id: '555', field_data: [{ name: 'form_id', values: ['typed by the user'] }] }, { leadgenId: '9' }, routing, received);
    expect(event).toMatchObject({ lead: { attributes: { form_id: '555' } } });
  });

  it('cuts over-long contact fields to the contract limits rather than losing the lead', () => {
    const event = metaLeadToEvent({ field_data: [{ name: 'phone_number', values: ['9'.repeat(100)] }] }, { leadgenId: '9' }, routing, received);
    expect(validateEvent(event, 0).errors).toEqual([]);
    expect(event).toMatchObject({ lead: { phone: '9'.repeat(64) } });
  });
});
