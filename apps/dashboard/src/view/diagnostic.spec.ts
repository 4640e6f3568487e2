import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_LINES, diagnose } from './diagnostic';

const funnel = (contacted: number, prospect: number, customer: number) => ({ new: 1000, contacted, prospect, opportunity: 0, customer });

describe('the diagnostic: qualification problem or closing problem', () => {
  it('waits for enough leads before judging', () => {
    expect(diagnose(funnel(10, 0, 0)).verdict).toBe('insufficient');
    expect(diagnose(null).verdict).toBe('insufficient');
  });
  it('calls it a qualification problem when contacted leads do not become prospects', () => {
    const d = diagnose(funnel(200, 10, 5));
    expect(d.verdict).toBe('qualification');
    expect(d.qualification).toMatchObject({ rate: 0.05, low: true, floor: DIAGNOSTIC_LINES.qualificationFloor });
    expect(d.closing.low).toBe(false); // 10 prospects: exactly the minimum, judged (5 of 10 closed)
  });
  it('calls it a closing problem when prospects do not close', () => {
    const d = diagnose(funnel(200, 80, 2));
    expect(d.verdict).toBe('closing');
    expect(d.closing).toMatchObject({ rate: 0.025, low: true });
    expect(d.qualification.low).toBe(false);
  });
  it('names both, or none', () => {
    expect(diagnose(funnel(200, 20, 1)).verdict).toBe('both');
    expect(diagnose(funnel(200, 80, 20)).verdict).toBe('healthy');
  });
  it('judges qualification alone while there are too few prospects to judge closing', () => {
    expect(diagnose(funnel(30, 6, 0)).closing.low).toBeNull();
    expect(diagnose(funnel(30, 6, 0)).verdict).toBe('healthy');
    expect(diagnose(funnel(100, 5, 0)).verdict).toBe('qualification');
  });
});
