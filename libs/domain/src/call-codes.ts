/**
 * A lead's calls as small integers, and the fold of the funnel over them (the what-if, domain page
 * "Each company draws its own line"). Folding a campaign's whole history again under other rules needs,
 * per call, only what decides the stage — its disposition and its BANT answers — in the order the calls
 * apply. So each call is one number: the disposition's index in CALL_DISPOSITIONS plus 16 × the BANT
 * code (2 bits per answer), and a lead's calls are one string of characters CALL_CODE_BASE + code, which
 * PostgreSQL can build per lead (`chr`) and JavaScript reads with `charCodeAt`: no event objects, no
 * dates. `foldCallCodes` steps with the same `callStep` as `foldLeadEvents`, and a property test
 * (lead-funnel.property.spec.ts) checks that both end on the same stage, rank and contact.
 *
 * The engine keeps each lead's string on its row as it applies events (`callCodesOf` on a refold,
 * `appendCallCodes` on an incremental apply), so the what-if reads one short row per lead and sorts
 * nothing. The codes are therefore stored data: changing CALL_DISPOSITIONS, CALL_CODE_BASE or the
 * coding needs a migration that recodes every lead (as migration LeadCallCodes computed them).
 */
import { CANONICAL_DISPOSITIONS, type CallOutcomeEvent, type Disposition, type Stage } from '@leadboard/contracts';
import type { DispositionMapping } from './disposition-mapping';
import { isContactDisposition, isNoContactAttempt, resolveDisposition } from './disposition-mapping';
import { sortAndDedupe } from './event-order';
import { callStep, funnelRank, type LeadEvent } from './lead-funnel';
import type { CampaignRules, LeadState } from './lead-state';

/** The dispositions by code (the low 4 bits of a call code): the canonical ones in their order, then OTHER. */
export const CALL_DISPOSITIONS: readonly Disposition[] = [...CANONICAL_DISPOSITIONS, 'OTHER'];

/** Added to a call code to make its character: clear of control characters and of UTF-16 surrogates. */
export const CALL_CODE_BASE = 0x1000;

const OTHER_CODE = CALL_DISPOSITIONS.indexOf('OTHER');
const DISPOSITION_CODE = new Map(CALL_DISPOSITIONS.map((d, i) => [d, i]));

/** What the fold needs of a lead to count it in the funnel: its stage, the highest rank reached, a contact. */
export type LeadFunnelState = Pick<LeadState, 'stage' | 'maxRank' | 'contacted'>;

const answerCode = (answer: boolean | null | undefined): number => (answer === true ? 2 : answer === false ? 1 : 0);

/**
 * The call's BANT answers in 8 bits, 2 per answer (0 not given, 1 false, 2 true): need, budget,
 * authority, timeline from the low bits. The events table's generated `bant` column holds the same.
 */
export function bantCode(qualification: CallOutcomeEvent['qualification']): number {
  if (!qualification) return 0;
  const { need, budget, authority, timeline } = qualification;
  return answerCode(need) | (answerCode(budget) << 2) | (answerCode(authority) << 4) | (answerCode(timeline) << 6);
}

/** One call as a number: its disposition's index in CALL_DISPOSITIONS + 16 × its BANT code. */
export function callCode(disposition: Disposition, bant: number): number {
  return (DISPOSITION_CODE.get(disposition) ?? OTHER_CODE) + 16 * bant;
}

/** The known answers with the call's merged in: an answer the call gave replaces the known one. */
function mergeBantCodes(known: number, carried: number): number {
  let merged = known;
  for (let shift = 0; shift < 8; shift += 2) {
    if ((carried >> shift) & 3) merged = (merged & ~(3 << shift)) | (carried & (3 << shift));
  }
  return merged;
}

function trueAnswersOf(bant: number): number {
  let n = 0;
  for (let shift = 0; shift < 8; shift += 2) if (((bant >> shift) & 3) === 2) n += 1;
  return n;
}

// Looked up by code rather than recomputed: a campaign's what-if steps through about a million calls.
const TRUE_ANSWERS = Array.from({ length: 256 }, (_, bant) => trueAnswersOf(bant));
const CONTACT = CALL_DISPOSITIONS.map(isContactDisposition);
const NO_CONTACT_ATTEMPT = CALL_DISPOSITIONS.map(isNoContactAttempt);

/**
 * A lead's history as `foldCallCodes` reads it: its events sorted and deduplicated as `foldLeadEvents`
 * does, each call coded with the disposition `mapping` gives it. A lead.created adds no character: it
 * moves no stage (the lead is `new` from its first event, whatever that is).
 */
export function encodeLeadCalls(events: readonly LeadEvent[], mapping?: DispositionMapping): string {
  return encodeSorted(sortAndDedupe(events), mapping);
}

function encodeSorted(sorted: readonly LeadEvent[], mapping: DispositionMapping | undefined): string {
  let out = '';
  for (const event of sorted) {
    if (event.type !== 'call.outcome') continue;
    out += String.fromCharCode(CALL_CODE_BASE + callCode(resolveDisposition(event, mapping).disposition, bantCode(event.qualification)));
  }
  return out;
}

/**
 * What the engine keeps on a lead's row for the what-if (`leads.call_codes`, `leads.event_count`): how
 * many lead events it has stored, and its calls coded in the order they apply (`encodeLeadCalls`).
 */
export interface EncodedLead {
  events: number;
  /** `encodeLeadCalls`' form: one character per call; empty for a lead with no call. */
  calls: string;
}

/** A lead with no event stored: what a refold codes its whole history onto. */
export const NO_CALL_CODES: EncodedLead = Object.freeze({ events: 0, calls: '' });

/** A lead's codes from its whole history, in any order, with duplicates (each event counts once). */
export function callCodesOf(events: readonly LeadEvent[], mapping?: DispositionMapping): EncodedLead {
  return appendCallCodes(NO_CALL_CODES, sortAndDedupe(events), mapping);
}

/**
 * The stored codes with events added that are new (not stored yet), already in fold order (sorted and
 * deduplicated, as the engine holds them), and that all sort after the stored ones: so their calls'
 * codes go at the end. That is an incremental apply; a refold codes its whole sorted history onto
 * NO_CALL_CODES. The engine sorts a set's events once and hands them on sorted, so they are not sorted again here.
 */
export function appendCallCodes(stored: EncodedLead, sorted: readonly LeadEvent[], mapping?: DispositionMapping): EncodedLead {
  return { events: stored.events + sorted.length, calls: stored.calls + encodeSorted(sorted, mapping) };
}

/**
 * The funnel state of a lead that has at least one event, its calls given in the order they apply as
 * the characters of `calls`. Steps as `applyLeadEvent` does, keeping only what decides the stage.
 */
export function foldCallCodes(calls: string, rules: CampaignRules): LeadFunnelState {
  let stage: Stage = 'new';
  let maxRank = 0;
  let contacted = false;
  let bant = 0;
  let noContactAttempts = 0;
  for (let i = 0; i < calls.length; i++) {
    const code = calls.charCodeAt(i) - CALL_CODE_BASE;
    const d = (code & 15) < CALL_DISPOSITIONS.length ? code & 15 : OTHER_CODE;
    bant = mergeBantCodes(bant, (code >> 4) & 255);
    if (NO_CONTACT_ATTEMPT[d]) noContactAttempts += 1;
    contacted ||= CONTACT[d];
    stage = callStep(stage, CALL_DISPOSITIONS[d], TRUE_ANSWERS[bant], noContactAttempts, rules).stage;
    const rank = funnelRank(stage);
    if (rank !== null && rank > maxRank) maxRank = rank;
  }
  return { stage, maxRank, contacted };
}
