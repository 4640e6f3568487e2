/** Dialer codes → canonical dispositions (domain page, "VICIdial statuses → canonical dispositions"). */
import { CANONICAL_DISPOSITIONS } from '@leadboard/contracts';
import type { CallOutcomeEvent, CanonicalDisposition, Disposition } from '@leadboard/contracts';

/** A tenant's own codes, matched before the canonical names and the VICIdial table. */
export type DispositionOverrides = Readonly<Record<string, CanonicalDisposition>>;

export interface MappedDisposition {
  disposition: Disposition;
  /** False when the code is unknown and became `OTHER` (it counts as "unmapped"). */
  mapped: boolean;
}

/**
 * Decides the disposition of one call. The worker passes one that reads the mapping each stored
 * call was applied with, so that folding a lead's history again never re-maps it silently.
 */
export type DispositionResolver = (event: CallOutcomeEvent) => MappedDisposition;

/** How the funnel maps a call's code: overrides over the built-in rules, or a resolver. */
export type DispositionMapping = DispositionOverrides | DispositionResolver;

export const VICIDIAL_DISPOSITIONS: Readonly<Record<string, CanonicalDisposition>> = Object.freeze({
  NA: 'NO_ANSWER',
  N: 'NO_ANSWER',
  B: 'BUSY',
  AB: 'BUSY',
  A: 'VOICEMAIL',
  AA: 'VOICEMAIL',
  AM: 'VOICEMAIL',
  AL: 'VOICEMAIL',
  DROP: 'DROPPED',
  PDROP: 'DROPPED',
  DC: 'WRONG_NUMBER',
  ADC: 'WRONG_NUMBER',
  AFAX: 'WRONG_NUMBER',
  NI: 'NOT_INTERESTED',
  DEC: 'NOT_NOW',
  CALLBK: 'CALLBACK',
  CBHOLD: 'CALLBACK',
  XFER: 'TRANSFERRED',
  SALE: 'SALE',
  DNC: 'DO_NOT_CALL',
  DNCL: 'DO_NOT_CALL',
  DNCC: 'DO_NOT_CALL',
});

const CANONICAL = new Set<string>(CANONICAL_DISPOSITIONS);

const CONTACT_DISPOSITIONS = new Set<Disposition>([
  'NOT_INTERESTED',
  'NOT_NOW',
  'CALLBACK',
  'INTERESTED',
  'QUALIFIED',
  'TRANSFERRED',
  'APPOINTMENT_SET',
  'SALE',
  'DO_NOT_CALL',
]);

const NO_CONTACT_ATTEMPTS = new Set<Disposition>(['NO_ANSWER', 'BUSY', 'VOICEMAIL', 'DROPPED']);

/** Codes are matched trimmed and case-insensitively; this is the form they are stored and compared in. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

function isCanonical(code: string): code is CanonicalDisposition {
  return CANONICAL.has(code);
}

function findOverride(key: string, overrides: DispositionOverrides): CanonicalDisposition | undefined {
  for (const [code, disposition] of Object.entries(overrides)) {
    if (normalizeCode(code) === key) return disposition;
  }
  return undefined;
}

/**
 * Trimmed, case-insensitive; tenant overrides first, then the canonical names, then VICIdial's
 * standard statuses. Unknown codes become `OTHER` and are never dropped.
 */
export function mapDisposition(code: string, overrides?: DispositionOverrides): MappedDisposition {
  const key = normalizeCode(code);
  const override = overrides ? findOverride(key, overrides) : undefined;
  if (override !== undefined) return { disposition: override, mapped: true };
  if (isCanonical(key)) return { disposition: key, mapped: true };
  if (Object.hasOwn(VICIDIAL_DISPOSITIONS, key)) return { disposition: VICIDIAL_DISPOSITIONS[key], mapped: true };
  return { disposition: 'OTHER', mapped: false };
}

/** The disposition of one call under `mapping` (the built-in rules when absent). */
export function resolveDisposition(event: CallOutcomeEvent, mapping?: DispositionMapping): MappedDisposition {
  return typeof mapping === 'function' ? mapping(event) : mapDisposition(event.disposition, mapping);
}

/** What a stored call was mapped to, read back: `OTHER` is the only unmapped value. */
export function storedMapping(disposition: Disposition): MappedDisposition {
  return { disposition, mapped: disposition !== 'OTHER' };
}

/** The "contact with a person?" column of the dispositions table; `OTHER` is not a contact. */
export function isContactDisposition(disposition: Disposition): boolean {
  return CONTACT_DISPOSITIONS.has(disposition);
}

/** The calls that count towards a campaign's `maxAttempts`. */
export function isNoContactAttempt(disposition: Disposition): boolean {
  return NO_CONTACT_ATTEMPTS.has(disposition);
}
