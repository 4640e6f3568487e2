import { LIVE_NAMESPACE } from './live';
import { liveMessageSchemas, subscribeRequestSchema, transitionMessageSchema, wallScreenMessageSchemas } from './live-schemas';

describe('live channel schemas', () => {
  it('accepts the two subscribe forms and refuses anything else', () => {
    expect(subscribeRequestSchema.parse({ campaignId: 'c-1' })).toEqual({ campaignId: 'c-1' });
    expect(subscribeRequestSchema.parse({ tenant: true })).toEqual({ tenant: true });
    // A newer client's extra fields are dropped, not refused.
    expect(subscribeRequestSchema.parse({ campaignId: 'c-1', since: 3 })).toEqual({ campaignId: 'c-1' });
    for (const bad of [{}, { campaignId: '' }, { campaignId: 7 }, { tenant: false }, { campaignId: 'c\u0000' }, 'c-1', null]) {
      expect(subscribeRequestSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('has one schema per server event, for users and for wall screens', () => {
    const events = ['snapshot', 'transition', 'metrics', 'operator', 'alert', 'reassigned', 'import', 'queue', 'account'];
    expect(Object.keys(liveMessageSchemas).sort()).toEqual([...events].sort());
    expect(Object.keys(wallScreenMessageSchemas).sort()).toEqual([...events].sort());
    expect(LIVE_NAMESPACE).toBe('/live');
  });

  it('names what is wrong in a transition', () => {
    const r = transitionMessageSchema.safeParse({ leadId: 'L-1', campaignId: 'c', from: null, to: 'won', at: 'yesterday', operatorId: null, cause: 'x', eventId: 'e', seq: -1, correction: false });
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['at', 'seq', 'to']);
  });
});
