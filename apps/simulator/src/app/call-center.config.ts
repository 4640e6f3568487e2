/**
 * What the simulated call center looks like: campaigns, lead sources, the disposition mix of each
 * kind of call, VICIdial codes. Defaults aim at a plausible Italian/French outbound team.
 */
import type { CanonicalDisposition, LeadSource } from '@leadboard/contracts';
import type { Locale } from './people.data';
import type { Weights } from './seeded-random';

export interface CampaignProfile {
  campaignId: string;
  name: string;
  locale: Locale;
  /** Lead-magnet / form names, sent as `lead.attributes.form`. */
  forms: readonly string[];
  fairs: readonly string[];
}

export const CAMPAIGN_PROFILES: readonly CampaignProfile[] = [
  { campaignId: 'c-solar', name: 'Fotovoltaico residenziale', locale: 'it', forms: ['ebook-fotovoltaico', 'preventivo-solare', 'webinar-incentivi'], fairs: ['Key Energy Rimini'] },
  { campaignId: 'c-water', name: "Adoucisseurs d'eau", locale: 'fr', forms: ['guide-eau-calcaire', 'devis-adoucisseur'], fairs: ["Salon de l'Habitat Lyon"] },
  { campaignId: 'c-energy', name: 'Luce e gas', locale: 'it', forms: ['offerta-luce-gas', 'confronto-bollette'], fairs: ['Fiera Casa Milano'] },
  { campaignId: 'c-heatpump', name: 'Pompes à chaleur', locale: 'fr', forms: ['simulateur-aides', 'devis-pac'], fairs: ['Foire de Paris'] },
  { campaignId: 'c-fiber', name: 'Fibra business', locale: 'it', forms: ['verifica-copertura'], fairs: ['SMAU Milano'] },
  { campaignId: 'c-insurance', name: 'Mutuelle santé', locale: 'fr', forms: ['comparatif-mutuelle', 'guide-remboursements'], fairs: ['Salon des Seniors'] },
];

/** Campaign profiles for `count` campaigns: the named ones first, then generic ones. */
export function campaignProfiles(count: number): CampaignProfile[] {
  return Array.from({ length: count }, (_, i): CampaignProfile => {
    const named = CAMPAIGN_PROFILES[i];
    if (named) return named;
    const locale: Locale = i % 2 === 0 ? 'it' : 'fr';
    return { campaignId: `c-campaign-${i + 1}`, name: `Campaign ${i + 1}`, locale, forms: ['generic-form'], fairs: ['Expo'] };
  });
}

/** Where leads come from (the `other` source is left to integrators). */
export const DEFAULT_SOURCE_WEIGHTS: Weights<LeadSource> = {
  meta_ads: 35,
  web_form: 25,
  purchased_list: 18,
  referral: 8,
  trade_fair: 7,
  inbound_call: 7,
};

/** The kinds of call the model makes; each has its own disposition mix. */
export type CallKind = 'warm' | 'closing' | 'opportunity' | 'dialer';

/**
 * Dispositions of each kind of call, in percent.
 * - warm: a junior calling a new/contacted/nurturing lead (pre-qualification);
 * - closing: a senior calling a prospect; opportunity: a senior calling an opportunity;
 * - dialer: an attempt the predictive dialer settled with no operator (no contact by nature).
 * Most calls reach nobody, as in real outbound work; drops stay well under the 3 % alert line
 * (of live-answered calls), and about a third of prospects end up customers.
 */
export const DEFAULT_DISPOSITION_WEIGHTS: Readonly<Record<CallKind, Weights<CanonicalDisposition>>> = {
  warm: {
    NO_ANSWER: 30, BUSY: 7, VOICEMAIL: 14, DROPPED: 0.3, WRONG_NUMBER: 2,
    NOT_INTERESTED: 11, NOT_NOW: 7, CALLBACK: 9, INTERESTED: 10, QUALIFIED: 4.5,
    TRANSFERRED: 3, APPOINTMENT_SET: 1, DO_NOT_CALL: 1,
  },
  closing: {
    NO_ANSWER: 22, BUSY: 5, VOICEMAIL: 12, DROPPED: 0.3, WRONG_NUMBER: 0.5,
    NOT_INTERESTED: 10, NOT_NOW: 11, CALLBACK: 14, INTERESTED: 4, QUALIFIED: 2,
    APPOINTMENT_SET: 12, SALE: 5, DO_NOT_CALL: 0.5,
  },
  opportunity: {
    NO_ANSWER: 18, BUSY: 4, VOICEMAIL: 10, DROPPED: 0.3,
    NOT_INTERESTED: 10, NOT_NOW: 13, CALLBACK: 15, INTERESTED: 2, APPOINTMENT_SET: 8, SALE: 18, DO_NOT_CALL: 0.5,
  },
  dialer: { NO_ANSWER: 62, BUSY: 16, VOICEMAIL: 21, DROPPED: 1 },
};

/** VICIdial's standard statuses for each canonical disposition (domain page, last table). */
export const VICIDIAL_CODES: Readonly<Partial<Record<CanonicalDisposition, readonly string[]>>> = {
  NO_ANSWER: ['NA', 'N'],
  BUSY: ['B', 'AB'],
  VOICEMAIL: ['A', 'AA', 'AM', 'AL'],
  DROPPED: ['DROP', 'PDROP'],
  WRONG_NUMBER: ['DC', 'ADC', 'AFAX'],
  NOT_INTERESTED: ['NI'],
  NOT_NOW: ['DEC'],
  CALLBACK: ['CALLBK', 'CBHOLD'],
  TRANSFERRED: ['XFER'],
  SALE: ['SALE'],
  DO_NOT_CALL: ['DNC', 'DNCL', 'DNCC'],
};

/** Campaign-specific codes no default mapping knows: they must show up as "unmapped" (OTHER). */
export const UNKNOWN_CODES: readonly string[] = ['XYZ', 'LANG', 'CUST1'];

export interface CallCenterConfig {
  /** Same seed (and clock) → same events. */
  seed: number;
  /** Number of campaigns (c-solar, c-water, c-energy, …). */
  campaigns: number;
  /** Team size; operators are spread over the campaigns. */
  operators: number;
  /** Share of juniors in each campaign's team (the rest are senior closers). */
  juniorShare: number;
  /** Epoch milliseconds; `occurredAt` of every event is "now" by this clock. */
  clock: () => number;
  /** Prefix of event and lead ids; unique per run so reruns do not collide. Default: from the clock and seed. */
  runId?: string;
  /** Share of events that are `lead.created`. */
  leadShare: number;
  /** Share of events that are operator-less dialer attempts (NA, B, AM, DROP). */
  dialerShare: number;
  sourceWeights: Weights<LeadSource>;
  dispositionWeights: Readonly<Record<CallKind, Weights<CanonicalDisposition>>>;
  /** Share of calls sent with a VICIdial code instead of the canonical name (when one exists). */
  vicidialShare: number;
  /** Share of operator calls sent with a code nobody mapped (e.g. `XYZ`). */
  unknownCodeShare: number;
  /** Share of junior calls deliberately made to a `dnc` lead (compliance alert testing). Default 0. */
  dncCallShare: number;
  /** Share of leads whose `lead.created` arrives after their first call, with its earlier occurredAt. */
  lateLeadCreatedShare: number;
  /** Per step of an available operator: chance to pause, to log out. */
  pauseShare: number;
  logoutShare: number;
  /** The campaign rules the model assumes (the server's defaults). */
  maxAttempts: number;
  qualificationThreshold: number;
  /** Events during which a lead just called is not called again (the dialer's retry delay). */
  retryCooldownEvents: number;
  /** Open leads the model keeps per campaign; past that the oldest never-called are forgotten. */
  maxOpenLeadsPerCampaign: number;
}

export const DEFAULT_CALL_CENTER_CONFIG: CallCenterConfig = {
  seed: 1,
  campaigns: 2,
  operators: 12,
  juniorShare: 0.7,
  clock: () => Date.now(),
  leadShare: 0.07,
  dialerShare: 0.08,
  sourceWeights: DEFAULT_SOURCE_WEIGHTS,
  dispositionWeights: DEFAULT_DISPOSITION_WEIGHTS,
  vicidialShare: 0.3,
  unknownCodeShare: 0.01,
  dncCallShare: 0,
  lateLeadCreatedShare: 0.02,
  pauseShare: 0.03,
  logoutShare: 0.004,
  maxAttempts: 6,
  qualificationThreshold: 3,
  retryCooldownEvents: 300,
  maxOpenLeadsPerCampaign: 20_000,
};
