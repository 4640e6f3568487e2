import type { CallOutcomeEvent } from '@leadboard/contracts';
import { DispositionTable } from './disposition-table';
import { VICIDIAL_DISPOSITIONS, storedMapping } from './disposition-mapping';
import { DEFAULT_CAMPAIGN_RULES } from './lead-state';
import { foldLeadEvents } from './lead-funnel';

describe('DispositionTable', () => {
  const table = new DispositionTable([
    { code: 'APPT', disposition: 'APPOINTMENT_SET', campaignId: null },
    { code: 'appt', disposition: 'QUALIFIED', campaignId: 'c-solar' },
    { code: 'NI', disposition: 'NOT_NOW', campaignId: null },
    { code: 'SALE', disposition: 'APPOINTMENT_SET', campaignId: 'c-water' },
  ]);

  it("maps by the call's campaign row, then the tenant row, then the canonical names, then VICIdial's table", () => {
    expect(table.map(' appt ', 'c-solar')).toEqual({ disposition: 'QUALIFIED', mapped: true });
    expect(table.map('APPT', 'c-water')).toEqual({ disposition: 'APPOINTMENT_SET', mapped: true });
    expect(table.map('NI', 'c-solar')).toEqual({ disposition: 'NOT_NOW', mapped: true });
    expect(table.map('SALE', 'c-water')).toEqual({ disposition: 'APPOINTMENT_SET', mapped: true });
    expect(table.map('SALE', 'c-solar')).toEqual({ disposition: 'SALE', mapped: true });
    expect(table.map('interested', 'c-solar')).toEqual({ disposition: 'INTERESTED', mapped: true });
    expect(table.map('B', null)).toEqual({ disposition: 'BUSY', mapped: true });
    expect(table.map('ZZTOP', 'c-solar')).toEqual({ disposition: 'OTHER', mapped: false });
  });

  it('lists campaign rows, then tenant rows, then the built-in ones', () => {
    const listing = table.listing();
    expect(listing.slice(0, 4)).toEqual([
      { code: 'APPT', disposition: 'QUALIFIED', campaignId: 'c-solar', builtIn: false },
      { code: 'SALE', disposition: 'APPOINTMENT_SET', campaignId: 'c-water', builtIn: false },
      { code: 'APPT', disposition: 'APPOINTMENT_SET', campaignId: null, builtIn: false },
      { code: 'NI', disposition: 'NOT_NOW', campaignId: null, builtIn: false },
    ]);
    expect(listing.slice(4)).toHaveLength(Object.keys(VICIDIAL_DISPOSITIONS).length);
    expect(listing.slice(4).every((r) => r.builtIn && r.campaignId === null)).toBe(true);
  });

  it('folds calls through its resolver, or through the mappings the calls were stored with', () => {
    const call = (eventId: string, disposition: string, campaignId: string): CallOutcomeEvent => ({
      eventId, type: 'call.outcome', occurredAt: '2026-11-23T09:00:00Z', campaignId, leadId: 'L', operatorId: 'op', disposition, talkSeconds: 0, wrapSeconds: 0,
    });
    expect(foldLeadEvents([call('a', 'APPT', 'c-solar')], DEFAULT_CAMPAIGN_RULES, table.resolver()).state.stage).toBe('prospect');
    expect(foldLeadEvents([call('a', 'APPT', 'c-water')], DEFAULT_CAMPAIGN_RULES, table.resolver()).state.stage).toBe('opportunity');
    const stored = foldLeadEvents([call('a', 'APPT', 'c-solar')], DEFAULT_CAMPAIGN_RULES, () => storedMapping('OTHER')).state;
    expect({ stage: stored.stage, unmapped: stored.unmapped }).toEqual({ stage: 'new', unmapped: 1 });
  });
});
