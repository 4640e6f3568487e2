/** Canonical dispositions (domain page, "Dispositions and what they do to the stage"). */
export const CANONICAL_DISPOSITIONS = [
  'NO_ANSWER',
  'BUSY',
  'VOICEMAIL',
  'DROPPED',
  'WRONG_NUMBER',
  'NOT_INTERESTED',
  'NOT_NOW',
  'CALLBACK',
  'INTERESTED',
  'QUALIFIED',
  'TRANSFERRED',
  'APPOINTMENT_SET',
  'SALE',
  'DO_NOT_CALL',
] as const;

export type CanonicalDisposition = (typeof CANONICAL_DISPOSITIONS)[number];
/** `OTHER` is what an unknown dialer code becomes: recorded, counted as unmapped, no stage effect. */
export type Disposition = CanonicalDisposition | 'OTHER';

export const LEAD_SOURCES = [
  'meta_ads',
  'web_form',
  'purchased_list',
  'trade_fair',
  'referral',
  'inbound_call',
  'other',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const OPERATOR_STATES = ['available', 'on_call', 'wrap_up', 'paused', 'offline'] as const;
export type OperatorState = (typeof OPERATOR_STATES)[number];

export const SENIORITIES = ['junior', 'senior'] as const;
export type Seniority = (typeof SENIORITIES)[number];

export const ROLES = ['admin', 'manager', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
