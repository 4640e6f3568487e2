import fc from 'fast-check';
import type { AlertThresholds } from './alert-thresholds';
import { DEFAULT_ALERT_THRESHOLDS, resolveThresholds } from './alert-thresholds';
import type { AlertRule, CampaignAlertInputs, RuleFinding } from './alert-rules';
import { PER_CALL_ALERT_RULES } from '@leadboard/contracts';
import { wilsonBounds } from './rate-evidence';
import { ALERT_MESSAGE_KEYS, ALERT_RULES, dncViolationFinding, evaluateCampaignRules, lostLeadCalledFinding } from './alert-rules';

/** A campaign where nothing is wrong: each test breaks one figure. */
function quiet(overrides: Partial<CampaignAlertInputs> = {}): CampaignAlertInputs {
  return {
    lastHour: { contacts: 40, prospects: 12 },
    trailingProspectPerContacted: null,
    newLeadsPastSla: 0,
    prospectsWaiting: 0,
    seniors: [
      { operatorId: 'op-s1', name: 'Marco', openProspects: 10 },
      { operatorId: 'op-s2', name: 'Anna', openProspects: 12 },
    ],
    drop30d: { dropped: 1, liveAnswered: 100 },
    hotLeadsWaiting: { leads: 0, oldestWaitSeconds: null },
    ...overrides,
  };
}

function find(rule: AlertRule, inputs: CampaignAlertInputs, overrides: Partial<AlertThresholds> = {}): RuleFinding {
  const finding = evaluateCampaignRules(inputs, resolveThresholds(overrides)).find((f) => f.rule === rule);
  if (!finding) throw new Error(`no finding for ${rule}`);
  return finding;
}

const qualification = (contacts: number, prospects: number, trailing: number | null = null, t: Partial<AlertThresholds> = {}) =>
  find('qualification_bottleneck', quiet({ lastHour: { contacts, prospects }, trailingProspectPerContacted: trailing }), t);
const seniors = (...loads: [string, string | null, number][]) =>
  find('closer_overload', quiet({ seniors: loads.map(([operatorId, name, openProspects]) => ({ operatorId, name, openProspects })) }));
const drop = (dropped: number, liveAnswered: number, t: Partial<AlertThresholds> = {}) =>
  find('drop_rate', quiet({ drop30d: { dropped, liveAnswered } }), t);

describe('evaluateCampaignRules', () => {
  it('gives one finding per rule but the per-call ones, in ALERT_RULES order, none firing for a quiet campaign', () => {
    const findings = evaluateCampaignRules(quiet(), DEFAULT_ALERT_THRESHOLDS);
    const perCall: readonly AlertRule[] = PER_CALL_ALERT_RULES;
    expect(findings.map((f) => f.rule)).toEqual(ALERT_RULES.filter((r) => !perCall.includes(r)));
    expect(findings.filter((f) => f.firing)).toEqual([]);
  });

  it('gives each rule its severity: drop rate critical, the others warning', () => {
    const findings = evaluateCampaignRules(quiet(), DEFAULT_ALERT_THRESHOLDS);
    expect(Object.fromEntries(findings.map((f) => [f.rule, f.severity]))).toEqual({
      qualification_bottleneck: 'warning',
      speed_to_lead_breach: 'warning',
      prospects_waiting: 'warning',
      closer_overload: 'warning',
      drop_rate: 'critical',
      hot_lead_waiting: 'warning',
    });
  });
});

describe('qualification bottleneck', () => {
  it('never fires below the minimum contacts, however bad the rate', () => {
    const finding = qualification(19, 0, 0.9);
    expect(finding).toMatchObject({ firing: false, value: 0, messageKey: 'alerts.qualification_bottleneck.tooFewContacts' });
    expect(finding.message).toBe('qualification bottleneck: only 19 contacts in the last hour, 20 needed to judge qualification');
    expect(finding.params).toEqual({ contacts: 19, minContacts: 20 });
  });

  it('fires from exactly the minimum contacts', () => {
    expect(qualification(20, 0).firing).toBe(true);
    expect(qualification(5, 0, null, { qualificationMinContacts: 5 }).firing).toBe(true);
    expect(qualification(4, 0, null, { qualificationMinContacts: 5 }).firing).toBe(false);
  });

  it('has no rate to judge in an hour without contacts, even with a minimum of 0', () => {
    expect(qualification(0, 0, null, { qualificationMinContacts: 0 })).toMatchObject({ firing: false, value: null });
  });

  it.each([
    [20, 3, false], // 15 %: exactly at the floor
    [20, 2, false], // 10 %, but 2 of 20 could well be a 17 % campaign's bad luck
    [20, 0, true],
    [100, 15, false],
    [100, 14, false], // 14 %: not surely under 15 % with 100 contacts
    [100, 10, true],
    [400, 40, true],
    [100, 16, false],
  ])('%i contacts, %i prospects against the 15 %% floor: firing %p', (contacts, prospects, firing) => {
    const finding = qualification(contacts, prospects);
    expect(finding).toMatchObject({ firing, value: prospects / contacts, threshold: 0.15, messageKey: 'alerts.qualification_bottleneck.floor' });
  });

  it('names the rate and the floor in whole percentages', () => {
    const finding = qualification(34, 3);
    expect(finding.message).toBe('qualification bottleneck: 9 % of 34 contacts became prospects in the last hour, floor 15 %: review the lead lists and the first-call script with the juniors');
    expect(finding.params).toEqual({ ratePercent: 9, contacts: 34, prospects: 3, floorPercent: 15 });
  });

  it('shows decimals only where whole percentages would read the same as the floor', () => {
    expect(qualification(10_000, 1496).message).toContain('14.96 % of 10000 contacts became prospects in the last hour, floor 15 %: review the lead lists and the first-call script with the juniors');
    expect(qualification(1000, 149).message).toContain('14.9 % of 1000 contacts');
  });

  describe('against the campaign\'s own trailing rate', () => {
    it('fires above the floor when below half the trailing rate, and not exactly at it', () => {
      // trailing 50 % → line 25 %; 20 % is above the 15 % floor, so only this branch can fire.
      expect(qualification(200, 40, 0.5)).toMatchObject({
        firing: true,
        value: 0.2,
        threshold: 0.25,
        messageKey: 'alerts.qualification_bottleneck.trailing',
      });
      expect(qualification(200, 50, 0.5)).toMatchObject({ firing: false, value: 0.25, threshold: 0.25 });
      expect(qualification(200, 40, null).firing).toBe(false);
    });

    it('names the rate, the line and where the line comes from', () => {
      const finding = qualification(20, 4, 0.5);
      expect(finding.message).toBe(
        "qualification bottleneck: 20 % of 20 contacts became prospects in the last hour, line 25 % (50 % of the campaign's trailing 50 %): review the lead lists and the first-call script with the juniors",
      );
      expect(finding.params).toEqual({ ratePercent: 20, contacts: 20, prospects: 4, linePercent: 25, factorPercent: 50, trailingPercent: 50 });
    });

    it('leaves the floor in charge when half the trailing rate is below it', () => {
      // trailing 20 % → 10 %, under the floor: the floor is the line.
      expect(qualification(200, 20, 0.2)).toMatchObject({ firing: true, threshold: 0.15, messageKey: 'alerts.qualification_bottleneck.floor' });
      expect(qualification(200, 30, 0.2)).toMatchObject({ firing: false, threshold: 0.15 });
    });

    it('uses the configured factor', () => {
      expect(qualification(200, 70, 0.5, { qualificationTrailingFactor: 0.8 })).toMatchObject({ firing: true, threshold: 0.4 });
      expect(qualification(200, 80, 0.5, { qualificationTrailingFactor: 0.8 }).firing).toBe(false);
    });

    it('fires exactly when the rate is surely below the floor or below factor × trailing (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 200 }),
          fc.integer({ min: 0, max: 200 }),
          fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
          (contacts, rawProspects, trailing) => {
            const prospects = Math.min(rawProspects, contacts);
            const line = Math.max(0.15, trailing === null ? 0 : trailing * 0.5);
            const expected = contacts >= 20 && wilsonBounds(prospects, contacts).upper < line;
            expect(qualification(contacts, prospects, trailing).firing).toBe(expected);
          },
        ),
      );
    });
  });
});

describe('speed-to-lead breach', () => {
  const speed = (leads: number, t: Partial<AlertThresholds> = {}) => find('speed_to_lead_breach', quiet({ newLeadsPastSla: leads }), t);

  it.each([
    [0, false],
    [9, false],
    [10, true],
    [11, true],
  ])('%i leads past the SLA: firing %p', (leads, firing) => {
    expect(speed(leads)).toMatchObject({ firing, value: leads, threshold: 10 });
  });

  it('uses the configured count', () => {
    expect(speed(3, { speedToLeadMaxWaiting: 3 }).firing).toBe(true);
    expect(speed(2, { speedToLeadMaxWaiting: 3 }).firing).toBe(false);
  });

  it('names the leads, the SLA and the count that fires', () => {
    const finding = speed(12);
    expect(finding.message).toBe('speed-to-lead breach: 12 leads still new past the 5 min SLA, alert at 10: call the freshest leads first and put more operators on first calls');
    expect(finding.params).toEqual({ leads: 12, sla: '5 min', slaSeconds: 300, max: 10 });
    expect(speed(1).message).toContain(' 1 lead still new');
  });

  it.each([
    [90, '90 s'],
    [60, '1 min'],
    [5400, '90 min'],
    [7200, '2 h'],
  ])('writes an SLA of %i s as %s', (seconds, text) => {
    expect(speed(0, { speedToLeadSlaSeconds: seconds }).message).toContain(`the ${text} SLA`);
  });
});

describe('prospects waiting for a closer', () => {
  const waiting = (n: number, t: Partial<AlertThresholds> = {}) => find('prospects_waiting', quiet({ prospectsWaiting: n }), t);

  it('does not fire for one or two waiting prospects: it takes prospectsWaitingMin (default 3)', () => {
    expect(waiting(0)).toMatchObject({ firing: false, value: 0, threshold: 3, severity: 'warning' });
    expect(waiting(1).firing).toBe(false);
    expect(waiting(2).firing).toBe(false);
    expect(waiting(3)).toMatchObject({ firing: true, value: 3, threshold: 3 });
    expect(waiting(40).firing).toBe(true);
  });

  it('follows the campaign’s minimum', () => {
    expect(waiting(1, { prospectsWaitingMin: 1 })).toMatchObject({ firing: true, threshold: 1 });
    expect(waiting(4, { prospectsWaitingMin: 5 }).firing).toBe(false);
    expect(waiting(5, { prospectsWaitingMin: 5 }).firing).toBe(true);
    expect(waiting(0, { prospectsWaitingMin: 0 }).firing).toBe(false);
  });

  it('names the count, both SLAs and the minimum, and says what to do', () => {
    expect(waiting(3).message).toBe(
      'prospects waiting for a closer: 3 prospects have waited over 15 min for a senior closer or over 2 h ' +
        "for their closer's follow-up, alert at 3: assign them to closers in the Manager view",
    );
    expect(waiting(1).message).toContain(': 1 prospect has waited over 15 min');
    expect(waiting(3).messageKey).toBe('alerts.prospects_waiting.pastSla');
    expect(waiting(3).params).toEqual({
      prospects: 3,
      handoffSla: '15 min',
      handoffSlaSeconds: 900,
      followUpSla: '2 h',
      followUpSlaSeconds: 7200,
      min: 3,
    });
  });

  it('writes the campaign’s own SLAs', () => {
    const f = waiting(3, { prospectHandoffSlaSeconds: 1800, prospectFollowUpSlaSeconds: 14_400 });
    expect(f.message).toContain('over 30 min for a senior closer or over 4 h');
    expect(f.params).toMatchObject({ handoffSlaSeconds: 1800, followUpSlaSeconds: 14_400 });
  });
});

describe('closer overload', () => {
  it('fires when one senior is above the cap while another is under half of it', () => {
    expect(seniors(['a', 'Marco', 26], ['b', 'Anna', 12])).toMatchObject({ firing: true, value: 26, threshold: 25 });
  });

  it.each([
    ['the busiest is exactly at the cap', 25, 0],
    ['the other is exactly at half the cap', 26, 12.5],
    ['the other is above half the cap', 26, 13],
  ])('does not fire when %s', (_label, busiest, other) => {
    expect(seniors(['a', 'Marco', busiest], ['b', 'Anna', other]).firing).toBe(false);
  });

  it('needs another senior: one overloaded closer alone does not fire', () => {
    expect(seniors(['a', 'Marco', 40])).toMatchObject({ firing: false, value: 40, messageKey: 'alerts.closer_overload.spread' });
  });

  it('has no figure without seniors', () => {
    const finding = seniors();
    expect(finding).toMatchObject({ firing: false, value: null, threshold: 25, messageKey: 'alerts.closer_overload.noSeniors' });
    expect(finding.message).toBe('closer overload: no senior closers, cap 25 open prospects');
  });

  it('names both seniors, their loads and the cap', () => {
    const finding = seniors(['a', 'Marco', 31], ['b', 'Anna', 4], ['c', 'Luca', 20]);
    expect(finding.message).toBe('closer overload: Marco owns 31 open prospects, cap 25, while Anna owns 4: move some to Anna in the Manager view');
    expect(finding.messageKey).toBe('alerts.closer_overload.overloaded');
    expect(finding.params).toEqual({
      busiest: 'Marco',
      busiestOperatorId: 'a',
      busiestOpen: 31,
      least: 'Anna',
      leastOperatorId: 'b',
      leastOpen: 4,
      cap: 25,
    });
  });

  it('names a senior without a name by their operator id', () => {
    expect(seniors(['op-7', null, 30], ['op-9', null, 0]).message).toBe('closer overload: op-7 owns 30 open prospects, cap 25, while op-9 owns 0: move some to op-9 in the Manager view');
  });

  it('names the same pair whatever order the seniors come in', () => {
    const list: [string, string | null, number][] = [['b', 'B', 30], ['a', 'A', 30], ['d', 'D', 1], ['c', 'C', 1]];
    expect(seniors(...list).params).toMatchObject({ busiestOperatorId: 'a', leastOperatorId: 'c' });
    expect(seniors(...[...list].reverse()).params).toMatchObject({ busiestOperatorId: 'a', leastOperatorId: 'c' });
  });

  it('names the spread when it does not fire', () => {
    expect(seniors(['a', 'Marco', 20], ['b', 'Anna', 3]).message).toBe(
      'closer overload: the busiest closer owns 20 open prospects, cap 25; the least busy owns 3',
    );
  });
});

describe('drop rate', () => {
  it.each([
    [0, 100, false],
    [3, 100, false], // exactly the cap
    [4, 100, false], // over it, but 4 drops in 100 calls is no evidence of a rate over 3 %
    [12, 100, true],
    [40, 1000, true], // from 1,000 calls the rate is the legal figure itself
    [301, 10_000, true],
  ])('%i dropped of %i live-answered: firing %p', (dropped, answered, firing) => {
    expect(drop(dropped, answered)).toMatchObject({ firing, value: dropped / answered, threshold: 0.03, severity: 'critical' });
  });

  it('has no rate without live-answered calls', () => {
    expect(drop(0, 0)).toMatchObject({ firing: false, value: null, messageKey: 'alerts.drop_rate.noCalls' });
    expect(drop(5, 0)).toMatchObject({ firing: false, value: null });
    expect(drop(0, 0).message).toBe('drop rate: no live-answered calls in the last 30 days, cap 3 %');
  });

  it('uses the configured cap', () => {
    expect(drop(50, 1000, { dropRateMax: 0.05 }).firing).toBe(false);
    expect(drop(60, 1000, { dropRateMax: 0.05 })).toMatchObject({ firing: true, threshold: 0.05 });
  });

  it('names the rate, the calls and the cap, with decimals only when they would read as the cap', () => {
    const finding = drop(4, 100);
    expect(finding.message).toBe("drop rate: 4 % of 100 live-answered calls dropped over 30 days, cap 3 %: lower the dialer's pacing (calls per available operator)");
    expect(finding.params).toEqual({ ratePercent: 4, dropped: 4, liveAnswered: 100, maxPercent: 3 });
    expect(drop(301, 10_000).message).toBe("drop rate: 3.01 % of 10000 live-answered calls dropped over 30 days, cap 3 %: lower the dialer's pacing (calls per available operator)");
    expect(drop(3, 100).message).toContain(': 3 % of 100');
  });
});

describe('dncViolationFinding', () => {
  it('is critical and firing, naming the lead, the operator and the time', () => {
    const finding = dncViolationFinding({ leadId: 'L-42', operatorId: 'op-3', at: '2026-11-23T10:00:00Z' });
    expect(finding).toMatchObject({ rule: 'dnc_violation', severity: 'critical', firing: true, messageKey: 'alerts.dnc_violation.byOperator' });
    expect(finding.message).toBe("dnc violation: lead L-42, on the do-not-call list, was called by operator op-3 at 2026-11-23T10:00:00Z: check the dialer's do-not-call filter");
    expect(finding.params).toEqual({ leadId: 'L-42', operatorId: 'op-3', at: '2026-11-23T10:00:00Z' });
  });

  it('says so when the operator is unknown', () => {
    const finding = dncViolationFinding({ leadId: 'L-42', operatorId: null, at: '2026-11-23T10:00:00Z' });
    expect(finding).toMatchObject({
      firing: true,
      messageKey: 'alerts.dnc_violation.unknownOperator',
      params: { leadId: 'L-42', at: '2026-11-23T10:00:00Z' },
    });
    expect(finding.message).toContain('by an unknown operator');
  });
});

describe('every finding (property)', () => {
  const LABELS: Record<AlertRule, string> = {
    qualification_bottleneck: 'qualification bottleneck',
    speed_to_lead_breach: 'speed-to-lead breach',
    prospects_waiting: 'prospects waiting for a closer',
    closer_overload: 'closer overload',
    drop_rate: 'drop rate',
    dnc_violation: 'dnc violation',
    lost_lead_called: 'lost lead called',
    hot_lead_waiting: 'hot leads waiting',
  };
  const count = fc.integer({ min: 0, max: 500 });
  const inputsArb: fc.Arbitrary<CampaignAlertInputs> = fc.record({
    lastHour: fc.record({ contacts: count, prospects: count }),
    trailingProspectPerContacted: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    newLeadsPastSla: count,
    prospectsWaiting: count,
    seniors: fc.array(
      fc.record({
        operatorId: fc.string({ minLength: 1, maxLength: 4 }),
        name: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
        openProspects: fc.integer({ min: 0, max: 60 }),
      }),
      { maxLength: 5 },
    ),
    drop30d: fc.record({ dropped: count, liveAnswered: count }),
    hotLeadsWaiting: fc.record({ leads: count, oldestWaitSeconds: fc.option(fc.integer({ min: 300, max: 100_000 }), { nil: null }) }),
  });

  it('comes in rule order with a known message key, and fires only on the right side of its line', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const findings = evaluateCampaignRules(inputs, DEFAULT_ALERT_THRESHOLDS);
        expect(findings.map((f) => f.rule)).toEqual(ALERT_RULES.filter((r) => !(PER_CALL_ALERT_RULES as readonly string[]).includes(r)));
        for (const f of findings) {
          expect(ALERT_MESSAGE_KEYS).toContain(f.messageKey);
          expect(f.message.startsWith(`${LABELS[f.rule]}: `)).toBe(true);
          if (!f.firing) continue;
          expect(f.value).not.toBeNull();
          const value = f.value ?? Number.NaN;
          if (f.rule === 'qualification_bottleneck') expect(value).toBeLessThan(f.threshold);
          else if (f.rule === 'drop_rate' || f.rule === 'closer_overload') expect(value).toBeGreaterThan(f.threshold);
          else expect(value).toBeGreaterThanOrEqual(f.threshold);
        }
      }),
    );
  });
});

describe('bands: a raised alert is judged against a line moved by the resolve margin', () => {
  const raisedQualification = (contacts: number, prospects: number, t: Partial<AlertThresholds> = {}) =>
    evaluateCampaignRules(quiet({ lastHour: { contacts, prospects } }), resolveThresholds(t), new Set<AlertRule>(['qualification_bottleneck'])).find(
      (f) => f.rule === 'qualification_bottleneck',
    )!;
  const raisedDrop = (dropped: number, liveAnswered: number) =>
    evaluateCampaignRules(quiet({ drop30d: { dropped, liveAnswered } }), DEFAULT_ALERT_THRESHOLDS, new Set<AlertRule>(['drop_rate'])).find((f) => f.rule === 'drop_rate')!;

  it('keeps a raised qualification alert firing until the rate is 3 points above the floor', () => {
    expect(qualification(100, 16).firing).toBe(false);
    expect(raisedQualification(100, 16).firing).toBe(true);
    expect(raisedQualification(100, 17).firing).toBe(true);
    expect(raisedQualification(100, 18).firing).toBe(false);
    expect(raisedQualification(100, 17, { qualificationResolveMargin: 0 }).firing).toBe(false);
  });

  it("does not raise on a campaign's first minutes: 7 prospects of 49 contacts (14 %) is no evidence against 15 %", () => {
    expect(qualification(49, 7)).toMatchObject({ firing: false, value: 7 / 49 });
  });

  it('keeps judging a raised qualification alert down to half the minimum of contacts', () => {
    expect(qualification(15, 1).firing).toBe(false);
    expect(raisedQualification(15, 1).firing).toBe(true);
    expect(raisedQualification(9, 1)).toMatchObject({ firing: false, messageKey: 'alerts.qualification_bottleneck.tooFewContacts' });
  });

  it('never flaps on a rate oscillating around the floor: hysteresis on the value, whatever the noise', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 14, max: 16 }), { minLength: 2, maxLength: 40 }), (rates) => {
        // Raised once below the floor, the alert holds while the rate stays within the band.
        let raised = false;
        let changes = 0;
        for (const r of rates) {
          const f: RuleFinding = raised ? raisedQualification(100, r) : qualification(100, r);
          if (f.firing !== raised) changes += 1;
          raised = f.firing;
        }
        expect(changes).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('judges the drop rate only from 100 live-answered calls', () => {
    expect(drop(2, 10)).toMatchObject({ firing: false, value: 0.2, messageKey: 'alerts.drop_rate.tooFewCalls' });
    expect(drop(2, 10).message).toBe('drop rate: only 10 live-answered calls in the last 30 days, 100 needed to judge, cap 3 %');
    expect(drop(9, 99).firing).toBe(false);
    expect(drop(12, 100).firing).toBe(true);
    expect(drop(9, 99, { dropRateMinLiveAnswered: 0 }).firing).toBe(true);
  });

  it('keeps a raised drop-rate alert until the rate is 0.3 points under the cap', () => {
    expect(raisedDrop(29, 1000).firing).toBe(true);
    expect(raisedDrop(27, 1000).firing).toBe(false);
    expect(raisedDrop(4, 60).firing).toBe(true); // half the minimum still judges a raised alert
  });
});

describe('lostLeadCalledFinding', () => {
  it('is a firing warning naming the lead, the operator, the call, the cooling-off and what to do', () => {
    const f = lostLeadCalledFinding({ leadId: 'L-7', operatorId: 'op-3', eventId: 'e-9', at: '2026-11-23T10:00:00Z', notInterestedAt: '2026-11-20T09:00:00Z', coolingOffDays: 30 });
    expect(f).toMatchObject({ rule: 'lost_lead_called', severity: 'warning', firing: true, messageKey: 'alerts.lost_lead_called.byOperator', threshold: 30 });
    expect(f.params).toEqual({ leadId: 'L-7', operatorId: 'op-3', eventId: 'e-9', at: '2026-11-23T10:00:00Z', notInterestedAt: '2026-11-20T09:00:00Z', coolingOffDays: 30 });
    expect(f.message).toBe(
      'lost lead called: lead L-7 said not interested at 2026-11-20T09:00:00Z and was called again by operator op-3 at 2026-11-23T10:00:00Z (call e-9), ' +
        'within the 30-day cooling-off: take it out of the calling lists and check where the dialer got it from',
    );
  });

  it('says so when the operator is unknown', () => {
    const f = lostLeadCalledFinding({ leadId: 'L-7', operatorId: null, eventId: 'e-9', at: 'x', notInterestedAt: 'y', coolingOffDays: 7 });
    expect(f.messageKey).toBe('alerts.lost_lead_called.unknownOperator');
    expect(f.params).not.toHaveProperty('operatorId');
  });
});
