import type { AlertThresholds } from './alert-thresholds';
import { DEFAULT_ALERT_THRESHOLDS, resolveThresholds } from './alert-thresholds';

describe('DEFAULT_ALERT_THRESHOLDS', () => {
  it('holds the domain page defaults', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toEqual({
      qualificationMinContacts: 20,
      qualificationFloor: 0.15,
      qualificationTrailingFactor: 0.5,
      speedToLeadSlaSeconds: 300,
      speedToLeadMaxWaiting: 10,
      prospectHandoffSlaSeconds: 900,
      prospectFollowUpSlaSeconds: 7200,
      prospectsWaitingMin: 3,
      closerOpenProspectCap: 25,
      dropRateMax: 0.03,
      qualificationResolveMargin: 0.03,
      dropRateMinLiveAnswered: 100,
      dropRateResolveMargin: 0.003,
      hotLeadSlaSeconds: 300,
    });
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(DEFAULT_ALERT_THRESHOLDS)).toBe(true);
  });
});

describe('resolveThresholds', () => {
  it.each([null, undefined, {}])('is the defaults for %p, as a copy the caller may change', (overrides) => {
    const resolved = resolveThresholds(overrides);
    expect(resolved).toEqual(DEFAULT_ALERT_THRESHOLDS);
    expect(resolved).not.toBe(DEFAULT_ALERT_THRESHOLDS);
    expect(Object.isFrozen(resolved)).toBe(false);
  });

  it('takes every valid override, zero included', () => {
    const overrides: AlertThresholds = {
      qualificationMinContacts: 5,
      qualificationFloor: 0,
      qualificationTrailingFactor: 0.8,
      speedToLeadSlaSeconds: 60,
      speedToLeadMaxWaiting: 3,
      prospectHandoffSlaSeconds: 600,
      prospectFollowUpSlaSeconds: 1800,
      prospectsWaitingMin: 5,
      closerOpenProspectCap: 40,
      dropRateMax: 0.05,
      qualificationResolveMargin: 0,
      dropRateMinLiveAnswered: 0,
      dropRateResolveMargin: 0.01,
      hotLeadSlaSeconds: 120,
    };
    expect(resolveThresholds(overrides)).toEqual(overrides);
  });

  it.each([
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['a negative', -1],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('keeps the default for %s', (_label, value) => {
    expect(resolveThresholds({ dropRateMax: value, closerOpenProspectCap: 30 })).toEqual({
      ...DEFAULT_ALERT_THRESHOLDS,
      closerOpenProspectCap: 30,
    });
  });

  it('keeps the default for what JSON may bring in place of a number, and drops unknown keys', () => {
    // What a stored JSON column may hold despite the type.
    const fromJson = { dropRateMax: null, qualificationFloor: '0.2', speedToLeadMaxWaiting: 4, bogus: 1 } as unknown as Partial<AlertThresholds>;
    expect(resolveThresholds(fromJson)).toEqual({ ...DEFAULT_ALERT_THRESHOLDS, speedToLeadMaxWaiting: 4 });
  });
});
