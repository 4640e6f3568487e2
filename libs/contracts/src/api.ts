/** Shapes of the REST read API and auth (contract.md, "Authentication" and "Read API"). */
import { z } from 'zod';
import type { Disposition, LeadSource, OperatorState, Role, Seniority } from './dispositions';
import type { FunnelCounts, Stage, StageCounts } from './stages';

export const loginRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email({ error: 'must be an e-mail address' }),
  password: z.string().min(1, { error: 'is required' }).max(256),
});
export type LoginRequest = z.output<typeof loginRequestSchema>;

export interface LoginResponse {
  accessToken: string;
  expiresAt: string;
  role: Role;
  tenantId: string;
}

/** Who the dashboard is talking as: a logged-in user, or a read-only wall screen. */
export interface WhoAmI {
  kind: 'user' | 'wall';
  tenantId: string;
  tenantName: string;
  role: Role | 'wall';
  email: string | null;
  campaignIds: string[] | null;
}

export interface IngestAccepted {
  accepted: number;
  duplicates: number;
}

export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
}

export interface CampaignSummary {
  campaignId: string;
  name: string;
  timeZone: string;
  maxAttempts: number;
  qualificationThreshold: number;
  leads: number;
}

export interface ConversionRates {
  /** contacted / new */
  contact: number | null;
  /** prospect / new */
  qualification: number | null;
  /** prospect / contacted */
  prospectPerContacted: number | null;
  /** customer / prospect */
  close: number | null;
}

export const WINDOW_NAMES = ['15m', '1h', 'today'] as const;
export type WindowName = (typeof WINDOW_NAMES)[number];

export interface WindowMetrics {
  from: string;
  to: string;
  /** Stage transitions into each stage whose cause happened in the window. */
  transitions: StageCounts;
  calls: number;
  contacts: number;
  dropped: number;
  /** Average talk + wrap seconds of the window's calls with an operator. */
  ahtSeconds: number | null;
  /** dropped / (contacts + dropped) */
  dropRate: number | null;
  /** transitions into prospect / contacts in the window */
  prospectPerContacted: number | null;
}

export interface CampaignMetrics {
  campaignId: string;
  asOf: string;
  stages: StageCounts;
  funnel: FunnelCounts;
  rates: ConversionRates;
  attemptsPerLead: number | null;
  speedToLeadMedianSeconds: number | null;
  unmappedDispositions: number;
  windows: Record<WindowName, WindowMetrics>;
}

/** One row of `GET /api/v1/campaigns/{id}/leads` (no personal data). */
export interface LeadListItem {
  leadId: string;
  stage: Stage;
  ownerOperatorId: string | null;
  attempts: number;
  /** When the row last changed (any event, a reassignment). */
  updatedAt: string;
  /** occurredAt of the latest event applied to the lead: "untouched since". */
  lastTouchedAt: string | null;
  /** When the lead entered its current stage. */
  stageSince: string | null;
}

export interface LeadPage {
  items: LeadListItem[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface BantAnswers {
  need: boolean | null;
  budget: boolean | null;
  authority: boolean | null;
  timeline: boolean | null;
}

export interface TransitionView {
  leadId: string;
  campaignId: string;
  from: Stage | null;
  to: Stage;
  at: string;
  operatorId: string | null;
  /** The disposition that caused it, or `qualification`, `max_attempts`. */
  cause: string;
  eventId: string;
}

export interface LeadDetail {
  leadId: string;
  campaignId: string;
  stage: Stage;
  ownerOperatorId: string | null;
  source: LeadSource | null;
  attempts: number;
  qualification: BantAnswers;
  lastDisposition: Disposition | null;
  callbackAt: string | null;
  firstEventAt: string | null;
  /** Personal data: present for users, never for wall-screen tokens. */
  contact?: { name: string | null; phone: string | null; email: string | null };
  transitions: TransitionView[];
}

export interface OperatorLoad {
  /** Seconds in the current state, as of `asOf`. */
  timeInStateSeconds: number | null;
  /** Share of today's logged-in time spent on_call or wrap_up (null before any logged-in time). */
  occupancy: number | null;
  callsToday: number;
  talkSecondsToday: number;
  prospectsToday: number;
  customersToday: number;
  /** Open leads the operator owns, by stage (new, contacted, prospect, opportunity, nurturing). */
  openLeads: Partial<StageCounts>;
  callbacksDue: number;
  asOf: string;
}

export interface OperatorView {
  operatorId: string;
  name: string | null;
  seniority: Seniority;
  state: OperatorState;
  since: string | null;
  load?: OperatorLoad;
}

export interface DeadLetterSummary {
  count: number;
  queueFailed: number;
  latest: { id: string; failedAt: string; error: string; events: number }[];
}
