import { validateIngestBody } from './events';

const outcome = {
  eventId: 'e-1',
  type: 'call.outcome',
  occurredAt: '2026-11-23T09:15:02Z',
  campaignId: 'c-water',
  leadId: 'L-1',
  operatorId: 'op-1',
  disposition: 'INTERESTED',
  talkSeconds: 10,
};

describe('validateIngestBody', () => {
  it('accepts a single event as index 0 and fills defaults', () => {
    const r = validateIngestBody(outcome);
    expect(r).toEqual({ ok: true, events: [expect.objectContaining({ eventId: 'e-1', wrapSeconds: 0 })] });
  });

  it('names every bad event of a batch by index and path', () => {
    const r = validateIngestBody({
      events: [outcome, { ...outcome, disposition: 42 }, { ...outcome, occurredAt: '2026-02-30T10:00:00Z', talkSeconds: -1 }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.index}:${e.path}`).sort()).toEqual(['1:disposition', '2:occurredAt', '2:talkSeconds']);
  });

  it.each([null, {}, '', 7])('rejects disposition %p', (disposition) => {
    const r = validateIngestBody({ ...outcome, disposition });
    expect(r.ok ? [] : r.errors).toEqual([
      { index: 0, path: 'disposition', message: expect.stringContaining('non-empty string') },
    ]);
  });

  it('says a missing field is required', () => {
    const { disposition: _omit, ...rest } = outcome;
    expect(validateIngestBody(rest)).toEqual({ ok: false, errors: [{ index: 0, path: 'disposition', message: 'is required' }] });
  });

  it('rejects a time without a zone and ids over 128 characters', () => {
    const r = validateIngestBody({ ...outcome, occurredAt: '2026-11-23T09:15:02', leadId: 'x'.repeat(129) });
    expect(r.ok ? [] : r.errors.map((e) => e.path).sort()).toEqual(['leadId', 'occurredAt']);
  });

  it('ignores unknown fields and maps an unknown lead source to other', () => {
    const r = validateIngestBody({
      eventId: 'e-2', type: 'lead.created', occurredAt: '2026-11-23T10:00:00+01:00', campaignId: 'c', leadId: 'L',
      lead: { source: 'tiktok' }, extra: true,
    });
    expect(r.ok && r.events[0]).toEqual(expect.objectContaining({ lead: expect.objectContaining({ source: 'other' }) }));
    expect(r.ok && 'extra' in r.events[0]).toBe(false);
  });

  it('rejects an unknown type, an empty batch and one over 1,000 events', () => {
    expect(validateIngestBody({ ...outcome, type: 'call.started' })).toEqual({
      ok: false, errors: [{ index: 0, path: 'type', message: expect.stringContaining('call.outcome') }],
    });
    expect(validateIngestBody({ events: [] }).ok).toBe(false);
    expect(validateIngestBody({ events: Array.from({ length: 1001 }, () => outcome) }).ok).toBe(false);
  });

  it('takes optional lead details on a call.outcome, and refuses them when they are not an object', () => {
    const lead = { name: 'Maria De Luca', phone: '3331234567', email: null, attributes: { vicidialListId: '101' } };
    const v = validateIngestBody({ ...outcome, lead });
    expect(v.ok && v.events[0]).toMatchObject({ lead });
    const bad = validateIngestBody({ ...outcome, lead: 'Maria' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['lead']);
  });
});
