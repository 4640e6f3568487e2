import fc from 'fast-check';
import { STAGES, type Stage } from '@leadboard/contracts';
import { contributionForWallScreen, contributionRows, creditOf, leaderboardName, type OperatorFigures } from './contribution';

const figures = (f: Partial<OperatorFigures> & { operatorId: string }): OperatorFigures => ({
  name: null,
  seniority: 'junior',
  calls: 0,
  contacts: 0,
  qualified: 0,
  opportunities: 0,
  closed: 0,
  prospectsOwned: 0,
  ...f,
});

describe('creditOf', () => {
  it.each<[Stage | null, Stage, boolean, boolean, boolean]>([
    ['contacted', 'prospect', true, false, false],
    ['new', 'opportunity', true, true, false],
    ['nurturing', 'customer', true, true, true],
    ['prospect', 'opportunity', false, true, false],
    ['opportunity', 'customer', false, false, true],
    ['prospect', 'customer', false, true, true],
    ['lost', 'prospect', true, false, false],
    ['prospect', 'lost', false, false, false],
    ['new', 'contacted', false, false, false],
    [null, 'new', false, false, false],
  ])('%s → %s: qualified %p, opportunity %p, closed %p', (from, to, qualified, opportunity, closed) => {
    expect(creditOf(from, to)).toEqual({ qualified, opportunity, closed });
  });

  it('credits a lead walked up the funnel one step at a time exactly once for each', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Stage>(...STAGES), { minLength: 1, maxLength: 12 }), (path) => {
        // Along any path, qualified credits equal the entries into the qualified stages from below.
        let from: Stage | null = null;
        let qualified = 0;
        let inside = false;
        for (const to of path) {
          if (to === from) continue;
          if (creditOf(from, to).qualified) qualified += 1;
          const nowInside = ['prospect', 'opportunity', 'customer'].includes(to);
          if (nowInside && !inside) qualified -= 1;
          inside = nowInside;
          from = to;
        }
        expect(qualified).toBe(0);
      }),
    );
  });
});

describe('contributionRows', () => {
  it('computes the qualification rate for juniors and the close rate for seniors only', () => {
    const [senior, junior] = contributionRows([
      figures({ operatorId: 'op-j', seniority: 'junior', contacts: 8, qualified: 2, closed: 0 }),
      figures({ operatorId: 'op-s', seniority: 'senior', contacts: 5, qualified: 1, closed: 3, prospectsOwned: 9 }),
    ]);
    expect(senior).toMatchObject({ operatorId: 'op-s', qualificationRate: null, closeRate: 0.25 });
    expect(junior).toMatchObject({ operatorId: 'op-j', qualificationRate: 0.25, closeRate: null });
  });

  it('has no rate without a denominator', () => {
    const [j, s] = contributionRows([figures({ operatorId: 'a', contacts: 0 }), figures({ operatorId: 'b', seniority: 'senior' })]);
    expect(j.qualificationRate).toBeNull();
    expect(s.closeRate).toBeNull();
  });

  it('orders by closed, qualified, contacts, then id, whatever the input order', () => {
    const rows = [
      figures({ operatorId: 'b', closed: 1 }),
      figures({ operatorId: 'a', closed: 1 }),
      figures({ operatorId: 'c', qualified: 5 }),
      figures({ operatorId: 'd', closed: 2 }),
      figures({ operatorId: 'e', qualified: 5, contacts: 9 }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        expect(contributionRows(shuffled).map((r) => r.operatorId)).toEqual(['d', 'a', 'b', 'e', 'c']);
      }),
    );
  });
});

describe('leaderboardName', () => {
  it.each([
    ['Giulia Rossi', 'op-1', 'Giulia R.'],
    ['  Jean-Pierre   de la Fontaine ', 'op-1', 'Jean-Pierre F.'],
    ['Élodie émile', 'op-1', 'Élodie É.'],
    ['Marco', 'op-1', 'Marco'],
    [null, 'op-12', '#12'],
    ['', 'mrossi1974', '#1974'],
  ])('%p (%s) → %s', (name, id, expected) => {
    expect(leaderboardName(name, id)).toBe(expected);
  });

  it('never shows more than the first name and one letter of the rest', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'B', 'é', 'z'), minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 4 }), (words) => {
        const shown = leaderboardName(words.join(' '), 'op-1');
        expect(shown).toBe(`${words[0]} ${[...words[words.length - 1]][0].toUpperCase()}.`);
        for (const w of words.slice(1)) if (w.length > 1 && w !== words[0]) expect(shown.includes(` ${w}`)).toBe(false);
      }),
    );
  });

  it('is what a wall copy keeps', () => {
    const [row] = contributionRows([figures({ operatorId: 'op-1', name: 'Giulia Rossi' })]);
    expect(contributionForWallScreen(row)).toMatchObject({ name: null, displayName: 'Giulia R.' });
  });
});
