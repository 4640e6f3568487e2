import { DEFAULT_ALERT_THRESHOLDS, resolveThresholds } from './alert-thresholds';
import { INITIAL_HYSTERESIS, stepHysteresis } from './alert-hysteresis';
import { evaluateCampaignRules, type CampaignAlertInputs } from './alert-rules';

const inputs = (leads: number, oldestWaitSeconds: number | null): CampaignAlertInputs => ({
  lastHour: { contacts: 40, prospects: 12 },
  trailingProspectPerContacted: null,
  newLeadsPastSla: 0,
  prospectsWaiting: 0,
  seniors: [],
  drop30d: { dropped: 0, liveAnswered: 100 },
  hotLeadsWaiting: { leads, oldestWaitSeconds },
});

const finding = (leads: number, oldest: number | null, sla?: number) =>
  evaluateCampaignRules(inputs(leads, oldest), resolveThresholds(sla === undefined ? {} : { hotLeadSlaSeconds: sla })).find((f) => f.rule === 'hot_lead_waiting')!;

describe('hot_lead_waiting', () => {
  it('is quiet when no hot lead waits past the SLA', () => {
    expect(finding(0, null)).toMatchObject({ firing: false, value: 0, threshold: 1, severity: 'warning' });
  });

  it('fires for one hot lead past the 5-minute default SLA and says what to do', () => {
    const f = finding(1, 420);
    expect(f.firing).toBe(true);
    expect(f.message).toBe(
      'hot leads waiting: 1 hot lead has waited over 5 min for a call (the oldest 7 min): call them first, or assign them to a senior from the queue in the Manager view',
    );
    expect(f.messageKey).toBe('alerts.hot_lead_waiting.waiting');
    expect(f.params).toEqual({ leads: 1, sla: '5 min', slaSeconds: 300, oldest: '7 min' });
  });

  it('names the campaign SLA and counts in hours past two hours', () => {
    const f = finding(3, 3 * 3600 + 10, 900);
    expect(f.message).toContain('3 hot leads have waited over 15 min for a call (the oldest 3 h)');
    expect(DEFAULT_ALERT_THRESHOLDS.hotLeadSlaSeconds).toBe(300);
  });

  it('raises after two firing evaluations and resolves after two quiet ones, never on one blip', () => {
    const firing = [false, true, false, true, true, true, false, true, false, false];
    let state = INITIAL_HYSTERESIS;
    const transitions: string[] = [];
    for (const waiting of firing) {
      const step = stepHysteresis(state, finding(waiting ? 2 : 0, waiting ? 600 : null).firing);
      state = step.state;
      if (step.transition) transitions.push(step.transition);
    }
    expect(transitions).toEqual(['raise', 'resolve']);
  });
});
