/** Open or closed, from the one list in libs/contracts (stages.ts). */
import { CLOSED_STAGES, OPEN_STAGES, type ClosedStage, type OpenStage, type Stage } from '@leadboard/contracts';

const CLOSED: ReadonlySet<Stage> = new Set(CLOSED_STAGES);
const OPEN: ReadonlySet<Stage> = new Set(OPEN_STAGES);

export const isClosedStage = (stage: Stage): stage is ClosedStage => CLOSED.has(stage);
export const isOpenStage = (stage: Stage): stage is OpenStage => OPEN.has(stage);
