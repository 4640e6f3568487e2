import fc from 'fast-check';
import type { HysteresisState, HysteresisTransition } from './alert-hysteresis';
import { INITIAL_HYSTERESIS, stepHysteresis } from './alert-hysteresis';

/** The transitions emitted for a sequence of evaluations, from the initial state. */
function run(sequence: readonly boolean[], opts?: { raiseAfter?: number; resolveAfter?: number }) {
  let state: HysteresisState = INITIAL_HYSTERESIS;
  const transitions: HysteresisTransition[] = [];
  const states: HysteresisState[] = [];
  for (const firing of sequence) {
    const step = stepHysteresis(state, firing, opts);
    state = step.state;
    transitions.push(step.transition);
    states.push(state);
  }
  return { transitions, states, state };
}

const T = true;
const F = false;

describe('stepHysteresis', () => {
  it('starts quiet', () => {
    expect(INITIAL_HYSTERESIS).toEqual({ raised: false, trueStreak: 0, falseStreak: 0 });
  });

  it('raises on the second consecutive firing evaluation, not the first', () => {
    expect(run([T, T, T]).transitions).toEqual([null, 'raise', null]);
  });

  it('never raises on a single firing evaluation between quiet ones', () => {
    const { transitions, state } = run([F, T, F, T, F, T, F]);
    expect(transitions.every((t) => t === null)).toBe(true);
    expect(state.raised).toBe(false);
  });

  it('resolves on the second consecutive quiet evaluation, and a single quiet one does not', () => {
    expect(run([T, T, F, T, F, F, F]).transitions).toEqual([null, 'raise', null, null, null, 'resolve', null]);
  });

  it('does not resolve what was never raised', () => {
    expect(run([F, F, F]).transitions).toEqual([null, null, null]);
  });

  it('honours other counts', () => {
    expect(run([T, T, T, F, F, F], { raiseAfter: 3, resolveAfter: 3 }).transitions).toEqual([null, null, 'raise', null, null, 'resolve']);
    expect(run([T, F], { raiseAfter: 1, resolveAfter: 1 }).transitions).toEqual(['raise', 'resolve']);
  });

  it.each([0, -2, 0.5, Number.NaN])('treats a count of %p as a sane one rather than never or always raising', (count) => {
    expect(run([F, T], { raiseAfter: count }).transitions[1]).toBe(Number.isNaN(count) ? null : 'raise');
  });

  it('reaches a fixed point in a steady state, so the caller can persist only changes', () => {
    const { states } = run([T, T, T, T, F, F, F, F]);
    expect(states[3]).toEqual(states[2]);
    expect(states[7]).toEqual(states[6]);
    expect(states[7]).toEqual({ raised: false, trueStreak: 0, falseStreak: 2 });
  });

  it('does not change the state it is given', () => {
    const state: HysteresisState = { raised: false, trueStreak: 1, falseStreak: 0 };
    stepHysteresis(state, true);
    expect(state).toEqual({ raised: false, trueStreak: 1, falseStreak: 0 });
  });
});

describe('stepHysteresis (property)', () => {
  const sequenceArb = fc.array(fc.boolean(), { maxLength: 60 });

  it('raises only after two consecutive firing evaluations and resolves only after two quiet ones', () => {
    fc.assert(
      fc.property(sequenceArb, (sequence) => {
        run(sequence).transitions.forEach((t, i) => {
          if (t === 'raise') expect([sequence[i - 1], sequence[i]]).toEqual([true, true]);
          if (t === 'resolve') expect([sequence[i - 1], sequence[i]]).toEqual([false, false]);
        });
      }),
    );
  });

  it('alternates raise and resolve, starting with a raise, and `raised` follows them', () => {
    fc.assert(
      fc.property(sequenceArb, (sequence) => {
        const { transitions, states } = run(sequence);
        let raised = false;
        transitions.forEach((t, i) => {
          if (t === 'raise') expect(raised).toBe(false);
          if (t === 'resolve') expect(raised).toBe(true);
          if (t !== null) raised = !raised;
          expect(states[i].raised).toBe(raised);
        });
      }),
    );
  });

  it('is raised exactly when the last run of equal evaluations that lasted two was a firing one', () => {
    fc.assert(
      fc.property(sequenceArb, (sequence) => {
        const { states } = run(sequence);
        states.forEach((state, i) => {
          // Reference: scan back for the latest pair of equal consecutive evaluations.
          let expected = false;
          for (let j = i; j >= 1; j -= 1) {
            if (sequence[j] === sequence[j - 1]) {
              expected = sequence[j];
              break;
            }
          }
          expect(state.raised).toBe(expected);
        });
      }),
    );
  });

  it('with any counts, raises only after that many consecutive firing evaluations', () => {
    fc.assert(
      fc.property(sequenceArb, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (sequence, raiseAfter, resolveAfter) => {
        run(sequence, { raiseAfter, resolveAfter }).transitions.forEach((t, i) => {
          if (t === 'raise') expect(sequence.slice(i + 1 - raiseAfter, i + 1)).toEqual(Array(raiseAfter).fill(true));
          if (t === 'resolve') expect(sequence.slice(i + 1 - resolveAfter, i + 1)).toEqual(Array(resolveAfter).fill(false));
        });
      }),
    );
  });
});
