import { CLOSED_STAGES_SQL, OPEN_STAGES_SQL } from './stage-sql';
import { Reassignment1764230400000 } from './migrations/1764230400000-reassignment';

it('writes the closed stages exactly as the callback indexes\' predicate does, so that the scans keep using them', async () => {
  const sql: string[] = [];
  await new Reassignment1764230400000().up({ query: async (q: string) => void sql.push(q) } as never);
  const predicates = sql.join('\n').match(/stage NOT IN \([^)]*\)/g);
  expect(predicates).toEqual([`stage NOT IN ${CLOSED_STAGES_SQL}`, `stage NOT IN ${CLOSED_STAGES_SQL}`]);
});

it('lists the open stages as SQL', () => {
  expect(OPEN_STAGES_SQL).toBe("('new', 'contacted', 'prospect', 'opportunity', 'nurturing')");
});
