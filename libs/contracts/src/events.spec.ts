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

  it.each([
    ['a NUL', 'L-\u00001'],
    ['a new line', 'L-1\n'],
    ['an escape', '\u001b[31mL-1'],
    ['DEL', 'L\u007f1'],
    ['a C1 control', 'L\u00851'],
  ])('rejects an id with %s, naming it, so nothing of the batch is queued', (_what, leadId) => {
    const r = validateIngestBody({ events: [outcome, { ...outcome, eventId: 'e-2', leadId }] });
    expect(r).toEqual({ ok: false, errors: [{ index: 1, path: 'leadId', message: 'must not contain control characters' }] });
  });

  it('accepts ids with spaces, accents and symbols', () => {
    expect(validateIngestBody({ ...outcome, leadId: 'Lead 42 · Città/é#1', operatorId: 'maria.rossi' }).ok).toBe(true);
  });

  it('rejects NUL in free text (PostgreSQL cannot store it) but keeps tabs and new lines', () => {
    const created = { eventId: 'e-3', type: 'lead.created', occurredAt: '2026-11-23T10:00:00Z', campaignId: 'c', leadId: 'L' };
    const r = validateIngestBody({
      events: [
        { ...outcome, notes: 'line one\n\tline two' },
        { ...outcome, eventId: 'e-4', notes: 'bad\u0000note' },
        { ...created, lead: { name: 'Maria\u0000' } },
        { ...created, eventId: 'e-5', lead: { attributes: { form: { nested: ['ok', 'x\u0000'] } } } },
      ],
    });
    expect(r.ok ? [] : r.errors.map((e) => `${e.index}:${e.path}:${e.message}`)).toEqual([
      '1:notes:must not contain NUL characters',
      '2:lead.name:must not contain NUL characters',
      '3:lead.attributes:must not contain NUL characters',
    ]);
  });
});
