import { CALL_CODE_BASE, CALL_DISPOSITIONS, bantCode, callCode, encodeLeadCalls, foldCallCodes } from './call-codes';
import { DEFAULT_CAMPAIGN_RULES } from './lead-state';
import { callOutcome, leadCreated } from './testing/lead-event-builders';

const codes = (calls: string) => [...calls].map((c) => c.charCodeAt(0) - CALL_CODE_BASE);

describe('call codes', () => {
  it('code the BANT answers 2 bits each, need in the low bits, as the events table\'s bant column does', () => {
    expect(bantCode(null)).toBe(0);
    expect(bantCode(undefined)).toBe(0);
    expect(bantCode({ need: true, budget: false, authority: null, timeline: true })).toBe(2 + 1 * 4 + 0 * 16 + 2 * 64);
  });

  it('put the disposition in the low 4 bits, OTHER last, and keep every character clear of surrogates', () => {
    expect(callCode('NO_ANSWER', 0)).toBe(0);
    expect(callCode('OTHER', 0)).toBe(CALL_DISPOSITIONS.length - 1);
    expect(callCode('SALE', 255) >> 4).toBe(255);
    expect(CALL_DISPOSITIONS.length).toBeLessThanOrEqual(16);
    expect(CALL_CODE_BASE + callCode('OTHER', 255)).toBeLessThan(0xd800);
  });

  it('encode a lead\'s calls in event order, each once, without its lead.created', () => {
    const events = [
      callOutcome('c2', 2, 'QUALIFIED', { qualification: { need: true, budget: true, authority: true, timeline: false } }),
      leadCreated('l', 0),
      callOutcome('c1', 1, 'NA'),
      callOutcome('c1', 1, 'NA'),
    ];
    expect(codes(encodeLeadCalls(events))).toEqual([callCode('NO_ANSWER', 0), callCode('QUALIFIED', 2 + 8 + 32 + 64)]);
  });

  it('fold a lead with no call to new, and a qualifying call to prospect', () => {
    expect(foldCallCodes('', DEFAULT_CAMPAIGN_RULES)).toEqual({ stage: 'new', maxRank: 0, contacted: false });
    const calls = encodeLeadCalls([callOutcome('c1', 1, 'INTERESTED', { qualification: { need: true, budget: true, authority: true, timeline: null } })]);
    expect(foldCallCodes(calls, DEFAULT_CAMPAIGN_RULES)).toEqual({ stage: 'prospect', maxRank: 2, contacted: true });
    expect(foldCallCodes(calls, { ...DEFAULT_CAMPAIGN_RULES, qualificationThreshold: 4 })).toEqual({ stage: 'contacted', maxRank: 1, contacted: true });
  });
});
