import { CLOSED_STAGES, OPEN_STAGES, STAGES } from '@leadboard/contracts';
import { isClosedStage, isOpenStage } from './lead-stages';

it('splits every stage into exactly one of open and closed', () => {
  for (const stage of STAGES) expect([stage, isOpenStage(stage) !== isClosedStage(stage)]).toEqual([stage, true]);
  expect([...OPEN_STAGES, ...CLOSED_STAGES].sort()).toEqual([...STAGES].sort());
});

it('closes won, lost and do-not-call leads, and keeps nurturing open', () => {
  expect(STAGES.filter(isClosedStage)).toEqual(['customer', 'lost', 'dnc']);
  expect(isOpenStage('nurturing')).toBe(true);
});
