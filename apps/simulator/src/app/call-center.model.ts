/**
 * The simulated call center: a pure, deterministic generator of ingest events (seeded PRNG,
 * injectable clock, no I/O). Each `next()` advances the world by one step and returns one event.
 *
 * The model keeps its own view of every open lead's stage, so that calls make sense: juniors
 * warm-call new/contacted leads, seniors call prospects and opportunities, nobody calls a
 * customer, a lost lead or (unless `dncCallShare` asks for it) a `dnc` lead. The view follows the
 * domain page's rules with the server's default campaign settings; the authoritative rules live in
 * libs/domain — the simulator only needs them to pick plausible calls.
 *
 * Time is not simulated: every event happens "now" by the clock, one step after the other, and
 * the talk/wrap seconds are reported figures. That is what lets the same model feed a demo at
 * 20 events/s and a load test at thousands.
 */
import type {
  CanonicalDisposition,
  IngestEventInput,
  LeadSource,
  OperatorState,
  Seniority,
  Stage,
} from '@leadboard/contracts';
import {
  campaignProfiles,
  DEFAULT_CALL_CENTER_CONFIG,
  UNKNOWN_CODES,
  VICIDIAL_CODES,
  type CallCenterConfig,
  type CallKind,
  type CampaignProfile,
} from './call-center.config';
import { LeadPool, LeadQueue } from './lead-pool';
import { FIRST_NAMES, LAST_NAMES, MAIL_DOMAINS, mailSafe, type Locale } from './people.data';
import { SeededRandom } from './seeded-random';

export type SimEvent = IngestEventInput;
export type LeadCreatedInput = Extract<IngestEventInput, { type: 'lead.created' }>;
export type CallOutcomeInput = Extract<IngestEventInput, { type: 'call.outcome' }>;
export type OperatorStateInput = Extract<IngestEventInput, { type: 'operator.state' }>;

const BANT_KEYS = ['need', 'budget', 'authority', 'timeline'] as const;
type BantKey = (typeof BANT_KEYS)[number];
type Bant = Record<BantKey, boolean | null>;

/** The model's view of a disposition: a canonical one, or `OTHER` for an unknown code. */
type Effect = CanonicalDisposition | 'OTHER';

const NO_CONTACT = new Set<Effect>(['NO_ANSWER', 'BUSY', 'VOICEMAIL', 'DROPPED']);
/** Contact dispositions after which the qualification rule applies (domain rule 3). */
const QUALIFYING_CONTACT = new Set<Effect>(['CALLBACK', 'INTERESTED', 'QUALIFIED', 'TRANSFERRED', 'APPOINTMENT_SET', 'SALE']);
const FUNNEL_RANK: Partial<Record<Stage, number>> = { new: 0, contacted: 1, prospect: 2, opportunity: 3, customer: 4 };

/** Talk seconds [median, min, max] and wrap seconds [median, min, max] of an operator's call. */
const CALL_SECONDS: Record<Effect, readonly [readonly [number, number, number], readonly [number, number, number]]> = {
  NO_ANSWER: [[0, 0, 0], [5, 2, 15]],
  BUSY: [[0, 0, 0], [4, 2, 10]],
  VOICEMAIL: [[15, 5, 40], [6, 3, 20]],
  DROPPED: [[0, 0, 0], [3, 0, 10]],
  WRONG_NUMBER: [[8, 2, 30], [8, 3, 20]],
  NOT_INTERESTED: [[45, 10, 180], [15, 5, 60]],
  NOT_NOW: [[120, 30, 420], [25, 10, 90]],
  CALLBACK: [[90, 20, 300], [30, 10, 90]],
  INTERESTED: [[240, 60, 900], [40, 15, 120]],
  QUALIFIED: [[420, 120, 1200], [60, 20, 180]],
  TRANSFERRED: [[300, 90, 900], [30, 10, 90]],
  APPOINTMENT_SET: [[540, 180, 1500], [60, 20, 180]],
  SALE: [[900, 300, 2700], [120, 30, 300]],
  DO_NOT_CALL: [[25, 5, 90], [20, 5, 60]],
  OTHER: [[60, 5, 300], [20, 5, 60]],
};

const NOTES: Readonly<Record<Locale, Partial<Record<Effect, readonly string[]>>>> = {
  it: {
    INTERESTED: ['Vuole un preventivo', 'Interessato, chiede documentazione'],
    CALLBACK: ['Richiamare dopo le 18', 'Richiamo personale: sentire anche il coniuge'],
    NOT_NOW: ['Budget non disponibile quest’anno', 'Ne riparliamo in primavera'],
    QUALIFIED: ['Casa di proprietà, decide lui/lei, tempi brevi'],
    APPOINTMENT_SET: ['Appuntamento con il consulente in sede'],
    SALE: ['Contratto firmato'],
  },
  fr: {
    INTERESTED: ['Souhaite un devis', 'Intéressé, demande une documentation'],
    CALLBACK: ['Rappeler après 18h', 'Rappel personnel : en parler avec le conjoint'],
    NOT_NOW: ['Pas de budget cette année', 'À recontacter au printemps'],
    QUALIFIED: ['Propriétaire, décideur, projet sous 3 mois'],
    APPOINTMENT_SET: ['Rendez-vous avec le conseiller à domicile'],
    SALE: ['Contrat signé'],
  },
};

interface SimLead {
  readonly leadId: string;
  readonly campaign: number;
  readonly createdAtMs: number;
  stage: Stage;
  noContactAttempts: number;
  calls: number;
  /** Latest BANT answers sent for this lead (what the server knows). */
  known: Bant;
  /** The truth the calls discover (a call may also change it: "the budget was found"). */
  truth: Record<BantKey, boolean>;
  /** A `lead.created` held back until the lead's first call (out-of-order delivery). */
  lateCreated: LeadCreatedInput | null;
}

/** `disposed`: the call.outcome was sent at the end of wrap-up, `available` comes next. */
type OperatorPhase = OperatorState | 'disposed';

type BantInput = Partial<Record<BantKey, boolean>>;

interface PreparedOutcome {
  effect: Effect;
  /** What is sent: a canonical name, a VICIdial code or an unknown code. */
  disposition: string;
  qualification: BantInput | null;
  talkSeconds: number;
  wrapSeconds: number;
}

interface ActiveCall {
  lead: SimLead;
  kind: CallKind;
  outcome: PreparedOutcome;
}

interface SimOperator {
  readonly operatorId: string;
  readonly name: string;
  readonly seniority: Seniority;
  readonly campaign: number;
  phase: OperatorPhase;
  call: ActiveCall | null;
}

export interface OperatorProfile {
  operatorId: string;
  name: string;
  seniority: Seniority;
  campaignId: string;
}

interface CampaignPools {
  /** Never called yet, oldest first (speed-to-lead). */
  fresh: LeadQueue<SimLead>;
  /** Called but not reached, or contacted: the warm-calling queue. */
  retry: LeadPool<SimLead>;
  nurture: LeadPool<SimLead>;
  /** Prospects and opportunities: the closers' queue. */
  closing: LeadPool<SimLead>;
  /** The latest `dnc` leads, kept only for deliberate compliance-incident calls. */
  dncRecent: SimLead[];
}

/** A FIFO of leads with non-decreasing release times (each queue has one constant delay). */
class RestQueue {
  private items: { releaseAt: number; lead: SimLead }[] = [];
  private head = 0;

  push(releaseAt: number, lead: SimLead): void {
    this.items.push({ releaseAt, lead });
  }

  releaseDue(now: number, release: (lead: SimLead) => void): void {
    while (this.head < this.items.length && this.items[this.head].releaseAt <= now) release(this.items[this.head++].lead);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  forEach(visit: (lead: SimLead) => void): void {
    for (let i = this.head; i < this.items.length; i++) visit(this.items[i].lead);
  }
}

const DNC_RECENT_MAX = 200;
const MAX_TRIES_PER_STEP = 8;
const MAX_OPERATOR_TRIES = 6;
/**
 * Call seconds one operator step stands for: an operator stays on a call for about
 * 1 + talkSeconds / SECONDS_PER_STEP of its steps (same for wrap-up).
 */
const SECONDS_PER_STEP = 120;

export class CallCenterModel {
  readonly config: CallCenterConfig;
  readonly runId: string;
  readonly campaigns: readonly CampaignProfile[];
  private readonly rng: SeededRandom;
  private readonly operators: SimOperator[];
  private readonly pools: CampaignPools[];
  private readonly outbox: SimEvent[] = [];
  /**
   * Leads resting after a call (nobody is re-dialled at once): warm leads for `retryCooldownEvents`,
   * prospects and opportunities four times longer (closers call them back by appointment).
   */
  private readonly resting = { warm: new RestQueue(), closing: new RestQueue() };
  private eventSeq = 0;
  private leadSeq = 0;
  private lastNowMs = 0;

  constructor(config: Partial<CallCenterConfig> = {}) {
    this.config = { ...DEFAULT_CALL_CENTER_CONFIG, ...config };
    const { seed, campaigns, operators } = this.config;
    if (!Number.isInteger(campaigns) || campaigns < 1) throw new Error('campaigns must be an integer >= 1');
    if (!Number.isInteger(operators) || operators < 1) throw new Error('operators must be an integer >= 1');
    this.rng = new SeededRandom(seed);
    this.runId = this.config.runId ?? `r${this.config.clock().toString(36)}s${seed}`;
    this.campaigns = campaignProfiles(campaigns);
    this.pools = this.campaigns.map(() => ({
      fresh: new LeadQueue<SimLead>(),
      retry: new LeadPool<SimLead>(),
      nurture: new LeadPool<SimLead>(),
      closing: new LeadPool<SimLead>(),
      dncRecent: [],
    }));
    this.operators = this.buildTeam();
  }

  /** The team, for the start-up log and tests. */
  team(): OperatorProfile[] {
    return this.operators.map((op) => ({
      operatorId: op.operatorId,
      name: op.name,
      seniority: op.seniority,
      campaignId: this.campaigns[op.campaign].campaignId,
    }));
  }

  /** Open leads the model currently knows, by campaign (for the status line). */
  openLeads(): Record<string, number> {
    const out: Record<string, number> = {};
    this.pools.forEach((p, i) => {
      out[this.campaigns[i].campaignId] = p.fresh.size + p.retry.size + p.nurture.size + p.closing.size;
    });
    for (const queue of [this.resting.warm, this.resting.closing]) {
      queue.forEach((lead) => out[this.campaigns[lead.campaign].campaignId]++);
    }
    return out;
  }

  /** The next `count` events. */
  take(count: number): SimEvent[] {
    const events = new Array<SimEvent>(count);
    for (let i = 0; i < count; i++) events[i] = this.next();
    return events;
  }

  next(): SimEvent {
    this.wakeRestingLeads();
    const queued = this.outbox.shift();
    if (queued) return queued;
    const { leadShare, dialerShare } = this.config;
    for (let attempt = 0; attempt < MAX_TRIES_PER_STEP; attempt++) {
      const roll = this.rng.next();
      const event =
        roll < leadShare ? this.createLead(false) : roll < leadShare + dialerShare ? this.dialerCall() : this.someOperatorStep();
      if (event) return event;
    }
    // Nobody could act (everyone paused, no lead to call): a new lead always can.
    return this.createLead(true) as SimEvent;
  }

  // ---------------------------------------------------------------- team

  private buildTeam(): SimOperator[] {
    const { operators, juniorShare } = this.config;
    const width = Math.max(2, String(operators).length);
    const perCampaign = this.campaigns.map(() => 0);
    for (let i = 0; i < operators; i++) perCampaign[i % this.campaigns.length]++;
    const seniorsPerCampaign = perCampaign.map((n) => (n === 0 ? 0 : Math.round(n * (1 - juniorShare))));
    const placed = this.campaigns.map(() => 0);
    const usedNames = new Set<string>();
    return Array.from({ length: operators }, (_, i): SimOperator => {
      const campaign = i % this.campaigns.length;
      const rank = placed[campaign]++;
      const seniority: Seniority = rank < seniorsPerCampaign[campaign] ? 'senior' : 'junior';
      // Teams mix Italian and French operators, mostly of the campaign's own language.
      const locale: Locale = this.rng.chance(0.8) ? this.campaigns[campaign].locale : this.campaigns[campaign].locale === 'it' ? 'fr' : 'it';
      let name = '';
      for (let tries = 0; tries < 20 && (name === '' || usedNames.has(name)); tries++) {
        name = `${this.rng.pick(FIRST_NAMES[locale])} ${this.rng.pick(LAST_NAMES[locale])}`;
      }
      usedNames.add(name);
      return {
        operatorId: `op-${String(i + 1).padStart(width, '0')}`,
        name,
        seniority,
        campaign,
        phase: 'offline',
        call: null,
      };
    });
  }

  // ---------------------------------------------------------------- ids and time

  private eventId(): string {
    return `e-${this.runId}-${String(++this.eventSeq).padStart(10, '0')}`;
  }

  /** The clock, never going backwards (an NTP step must not reorder our own events). */
  private nowMs(): number {
    this.lastNowMs = Math.max(this.lastNowMs, this.config.clock());
    return this.lastNowMs;
  }

  private now(): string {
    return new Date(this.nowMs()).toISOString();
  }

  // ---------------------------------------------------------------- leads

  private createLead(forceAnnounce: boolean): LeadCreatedInput | null {
    const campaign = this.rng.int(0, this.campaigns.length - 1);
    const profile = this.campaigns[campaign];
    const createdAtMs = this.nowMs();
    const lead: SimLead = {
      leadId: `L-${this.runId}-${++this.leadSeq}`,
      campaign,
      createdAtMs,
      stage: 'new',
      noContactAttempts: 0,
      calls: 0,
      known: { need: null, budget: null, authority: null, timeline: null },
      truth: {
        need: this.rng.chance(0.6),
        budget: this.rng.chance(0.5),
        authority: this.rng.chance(0.65),
        timeline: this.rng.chance(0.45),
      },
      lateCreated: null,
    };
    const source = this.rng.weighted(this.config.sourceWeights);
    const event: LeadCreatedInput = {
      eventId: '',
      type: 'lead.created',
      occurredAt: new Date(createdAtMs).toISOString(),
      campaignId: profile.campaignId,
      leadId: lead.leadId,
      lead: this.leadDetails(profile, source),
    };
    const pools = this.pools[campaign];
    pools.fresh.add(lead);
    if (pools.fresh.size > this.config.maxOpenLeadsPerCampaign) pools.fresh.takeOldest(); // forgotten, never called
    if (!forceAnnounce && this.rng.chance(this.config.lateLeadCreatedShare)) {
      lead.lateCreated = event; // sent after the first call, with its original occurredAt
      return null;
    }
    event.eventId = this.eventId();
    return event;
  }

  private leadDetails(profile: CampaignProfile, source: LeadSource): LeadCreatedInput['lead'] {
    const locale = profile.locale;
    const first = this.rng.pick(FIRST_NAMES[locale]);
    const last = this.rng.pick(LAST_NAMES[locale]);
    const phone =
      locale === 'it'
        ? `+393${this.rng.int(20, 99)}${String(this.rng.int(0, 9_999_999)).padStart(7, '0')}`
        : `+33${this.rng.pick(['6', '7'])}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const hasEmail = source !== 'purchased_list' && source !== 'inbound_call';
    const email = hasEmail ? `${mailSafe(first)}.${mailSafe(last)}${this.rng.int(1, 99)}@${this.rng.pick(MAIL_DOMAINS[locale])}` : null;
    const attributes: Record<string, string> = {};
    switch (source) {
      case 'meta_ads':
        attributes['form'] = this.rng.pick(profile.forms);
        attributes['adset'] = `adset-${this.rng.int(1, 6)}`;
        break;
      case 'web_form':
        attributes['form'] = this.rng.pick(profile.forms);
        attributes['utm_source'] = this.rng.pick(['google', 'newsletter', 'organic']);
        break;
      case 'purchased_list':
        attributes['list'] = `list-${this.rng.int(1, 4)}`;
        break;
      case 'trade_fair':
        attributes['fair'] = this.rng.pick(profile.fairs);
        break;
      case 'referral':
        attributes['referredBy'] = 'customer';
        break;
      default:
        break;
    }
    return { source, name: `${first} ${last}`, phone, email, attributes };
  }

  /** After a call a lead rests for a while, then goes back to a queue; closed leads are forgotten. */
  private rest(lead: SimLead): void {
    if (lead.stage === 'customer' || lead.stage === 'lost') return;
    if (lead.stage === 'dnc') {
      this.place(lead);
      return;
    }
    const closing = lead.stage === 'prospect' || lead.stage === 'opportunity';
    const cooldown = this.config.retryCooldownEvents * (closing ? 4 : 1);
    (closing ? this.resting.closing : this.resting.warm).push(this.eventSeq + cooldown, lead);
  }

  private wakeRestingLeads(): void {
    this.resting.warm.releaseDue(this.eventSeq, (lead) => this.place(lead));
    this.resting.closing.releaseDue(this.eventSeq, (lead) => this.place(lead));
  }

  /** The queue a lead belongs in, by its stage in the model's view. */
  private place(lead: SimLead): void {
    const pools = this.pools[lead.campaign];
    switch (lead.stage) {
      case 'new':
      case 'contacted':
        pools.retry.add(lead);
        if (pools.retry.size > this.config.maxOpenLeadsPerCampaign) pools.retry.takeRandom(this.rng.next());
        break;
      case 'nurturing':
        pools.nurture.add(lead);
        if (pools.nurture.size > this.config.maxOpenLeadsPerCampaign) pools.nurture.takeRandom(this.rng.next());
        break;
      case 'prospect':
      case 'opportunity':
        pools.closing.add(lead);
        if (pools.closing.size > this.config.maxOpenLeadsPerCampaign) pools.closing.takeRandom(this.rng.next());
        break;
      case 'dnc':
        if (!pools.dncRecent.includes(lead)) {
          pools.dncRecent.push(lead);
          if (pools.dncRecent.length > DNC_RECENT_MAX) pools.dncRecent.shift();
        }
        break;
      case 'customer':
      case 'lost':
        break;
    }
  }

  // ---------------------------------------------------------------- calls

  /** An attempt the predictive dialer settled alone (nobody answered, or it dropped the call). */
  private dialerCall(): CallOutcomeInput | null {
    const campaign = this.rng.int(0, this.campaigns.length - 1);
    const pools = this.pools[campaign];
    const lead = this.rng.chance(0.4) ? (pools.fresh.takeOldest() ?? pools.retry.takeRandom(this.rng.next())) : (pools.retry.takeRandom(this.rng.next()) ?? pools.fresh.takeOldest());
    if (!lead) return null;
    return this.callOutcome(lead, this.prepareOutcome(lead, 'dialer', false), null);
  }

  private chooseLead(op: SimOperator): { lead: SimLead; kind: CallKind } | null {
    const pools = this.pools[op.campaign];
    const random = () => this.rng.next();
    if (op.seniority === 'senior') {
      const prospect = pools.closing.takeRandom(random());
      if (prospect) return { lead: prospect, kind: prospect.stage === 'opportunity' ? 'opportunity' : 'closing' };
      // No prospect waiting: closers help with the warm queue half of the time, else they wait.
      const warm = this.rng.chance(0.5) ? pools.retry.takeRandom(random()) : undefined;
      return warm ? { lead: warm, kind: 'warm' } : null;
    }
    if (this.config.dncCallShare > 0 && pools.dncRecent.length > 0 && this.rng.chance(this.config.dncCallShare)) {
      return { lead: this.rng.pick(pools.dncRecent), kind: 'warm' }; // a deliberate compliance incident
    }
    const roll = random();
    const lead =
      roll < 0.55
        ? (pools.fresh.takeOldest() ?? pools.retry.takeRandom(random()) ?? pools.nurture.takeRandom(random()))
        : roll < 0.95
          ? (pools.retry.takeRandom(random()) ?? pools.fresh.takeOldest() ?? pools.nurture.takeRandom(random()))
          : (pools.nurture.takeRandom(random()) ?? pools.fresh.takeOldest() ?? pools.retry.takeRandom(random()));
    return lead ? { lead, kind: 'warm' } : null;
  }

  /** Decides how a call will end (drawn when it starts, so its length can pace the operator). */
  private prepareOutcome(lead: SimLead, kind: CallKind, withOperator: boolean): PreparedOutcome {
    const drawn = this.rng.weighted(this.config.dispositionWeights[kind]);
    const unknown = withOperator && this.rng.chance(this.config.unknownCodeShare);
    const effect: Effect = unknown ? 'OTHER' : drawn;
    const [talk, wrap] = CALL_SECONDS[effect];
    return {
      effect,
      disposition: unknown ? this.rng.pick(UNKNOWN_CODES) : this.dialerCode(drawn),
      qualification: withOperator && !unknown ? this.revealAnswers(lead, drawn) : null,
      talkSeconds: withOperator ? this.rng.duration(...talk) : 0,
      wrapSeconds: withOperator ? this.rng.duration(...wrap) : 0,
    };
  }

  /** The call.outcome event; updates the model's view of the lead and puts it back in a queue. */
  private callOutcome(lead: SimLead, outcome: PreparedOutcome, op: SimOperator | null): CallOutcomeInput {
    const locale = this.campaigns[lead.campaign].locale;
    const nowMs = this.nowMs();
    const event: CallOutcomeInput = {
      eventId: this.eventId(),
      type: 'call.outcome',
      occurredAt: new Date(nowMs).toISOString(),
      campaignId: this.campaigns[lead.campaign].campaignId,
      leadId: lead.leadId,
      disposition: outcome.disposition,
      talkSeconds: outcome.talkSeconds,
      wrapSeconds: outcome.wrapSeconds,
    };
    if (op) event.operatorId = op.operatorId;
    if (outcome.qualification) event.qualification = outcome.qualification;
    if (outcome.effect === 'CALLBACK') {
      // A personal callback from 1 hour to 3 days ahead, on a quarter hour.
      const at = nowMs + this.rng.int(4, 288) * 15 * 60_000;
      event.callbackAt = new Date(at - (at % (15 * 60_000))).toISOString();
    }
    const notes = op && outcome.effect !== 'OTHER' ? NOTES[locale][outcome.effect] : undefined;
    if (notes && this.rng.chance(0.3)) event.notes = this.rng.pick(notes);

    this.applyToView(lead, outcome.effect, outcome.qualification);
    lead.calls++;
    if (lead.lateCreated) {
      this.outbox.push({ ...lead.lateCreated, eventId: this.eventId() });
      lead.lateCreated = null;
    }
    this.rest(lead);
    return event;
  }

  /** A VICIdial status instead of the canonical name, for `vicidialShare` of the calls that have one. */
  private dialerCode(disposition: CanonicalDisposition): string {
    const codes = VICIDIAL_CODES[disposition];
    return codes && this.rng.chance(this.config.vicidialShare) ? this.rng.pick(codes) : disposition;
  }

  /** The BANT answers an operator records on this call, if any (consistent with the lead's truth). */
  private revealAnswers(lead: SimLead, disposition: CanonicalDisposition): BantInput | null {
    const truth = lead.truth;
    const all = (): Record<BantKey, boolean> => ({ ...truth });
    const some = (p: number): BantInput | null => {
      const out: BantInput = {};
      for (const key of BANT_KEYS) if (this.rng.chance(p)) out[key] = truth[key];
      return Object.keys(out).length ? out : null;
    };
    switch (disposition) {
      case 'QUALIFIED':
      case 'TRANSFERRED':
      case 'APPOINTMENT_SET':
      case 'SALE': {
        // The operator found enough: make the truth qualify, then (mostly) record it.
        const falses = BANT_KEYS.filter((k) => !truth[k]);
        while (BANT_KEYS.length - falses.length < this.config.qualificationThreshold && falses.length) {
          truth[falses.splice(this.rng.int(0, falses.length - 1), 1)[0]] = true;
        }
        const sendProbability = disposition === 'QUALIFIED' ? 1 : disposition === 'TRANSFERRED' ? 0.8 : disposition === 'APPOINTMENT_SET' ? 0.5 : 0.3;
        return this.rng.chance(sendProbability) ? all() : null;
      }
      case 'INTERESTED':
      case 'CALLBACK':
        return some(0.5);
      case 'NOT_NOW': {
        const missing: BantKey = this.rng.chance(0.5) ? 'budget' : 'timeline';
        truth[missing] = false;
        return { ...some(0.3), [missing]: false };
      }
      case 'NOT_INTERESTED':
        if (this.rng.chance(0.5)) {
          truth.need = false;
          return { need: false };
        }
        return null;
      default:
        return null;
    }
  }

  /** The domain rules (with the default campaign settings), as far as the model needs them. */
  private applyToView(lead: SimLead, effect: Effect, answers: BantInput | null): void {
    if (answers) for (const key of BANT_KEYS) if (answers[key] !== undefined) lead.known[key] = answers[key] as boolean;
    if (NO_CONTACT.has(effect)) lead.noContactAttempts++;
    if (lead.stage === 'customer' || lead.stage === 'dnc') return;
    const atLeast = (target: Stage): Stage => {
      const rank = FUNNEL_RANK[lead.stage];
      if (rank === undefined) return target;
      return rank >= (FUNNEL_RANK[target] as number) ? lead.stage : target;
    };
    switch (effect) {
      case 'NO_ANSWER':
      case 'BUSY':
      case 'VOICEMAIL':
      case 'DROPPED':
        if (lead.stage === 'new' && lead.noContactAttempts >= this.config.maxAttempts) lead.stage = 'nurturing';
        break;
      case 'WRONG_NUMBER':
      case 'NOT_INTERESTED':
        lead.stage = 'lost';
        break;
      case 'NOT_NOW':
        lead.stage = 'nurturing';
        break;
      case 'CALLBACK':
      case 'INTERESTED':
        lead.stage = atLeast('contacted');
        break;
      case 'QUALIFIED':
      case 'TRANSFERRED':
        lead.stage = atLeast('prospect');
        break;
      case 'APPOINTMENT_SET':
        lead.stage = atLeast('opportunity');
        break;
      case 'SALE':
        lead.stage = 'customer';
        break;
      case 'DO_NOT_CALL':
        lead.stage = 'dnc';
        break;
      case 'OTHER':
        break;
    }
    const trueAnswers = BANT_KEYS.filter((k) => lead.known[k] === true).length;
    if (QUALIFYING_CONTACT.has(effect) && trueAnswers >= this.config.qualificationThreshold && lead.stage !== 'customer') {
      lead.stage = atLeast('prospect');
    }
  }

  // ---------------------------------------------------------------- operators

  private operatorState(op: SimOperator, state: OperatorState, withDetails = false): OperatorStateInput {
    const event: OperatorStateInput = {
      eventId: this.eventId(),
      type: 'operator.state',
      occurredAt: this.now(),
      operatorId: op.operatorId,
      state,
      campaignId: this.campaigns[op.campaign].campaignId,
    };
    if (withDetails) event.operator = { name: op.name, seniority: op.seniority };
    return event;
  }

  /** A step of the first of a few randomly picked operators who has something to do. */
  private someOperatorStep(): SimEvent | null {
    for (let tries = 0; tries < MAX_OPERATOR_TRIES; tries++) {
      const event = this.operatorStep(this.rng.pick(this.operators));
      if (event) return event;
    }
    return null;
  }

  /**
   * One step of an operator's shift: offline → available → on_call → wrap_up → (call.outcome) →
   * available, with breaks (paused) and log-outs (offline). Null when the operator has nothing to
   * do yet: a long call or a long wrap-up keeps its operator busy for more steps, so the share of
   * operators on a call at any moment follows the talk and wrap seconds.
   */
  private operatorStep(op: SimOperator): SimEvent | null {
    switch (op.phase) {
      case 'offline':
        if (!this.rng.chance(0.5)) return null;
        op.phase = 'available';
        return this.operatorState(op, 'available', true); // logging in: the server learns name and seniority
      case 'paused':
        if (this.rng.chance(0.05)) {
          op.phase = 'offline';
          return this.operatorState(op, 'offline');
        }
        if (!this.rng.chance(0.3)) return null; // still on a break
        op.phase = 'available';
        return this.operatorState(op, 'available');
      case 'available': {
        if (this.rng.chance(this.config.pauseShare)) {
          op.phase = 'paused';
          return this.operatorState(op, 'paused');
        }
        if (this.rng.chance(this.config.logoutShare)) {
          op.phase = 'offline';
          return this.operatorState(op, 'offline');
        }
        const target = this.chooseLead(op);
        if (!target) return null;
        op.call = { ...target, outcome: this.prepareOutcome(target.lead, target.kind, true) };
        op.phase = 'on_call';
        return this.operatorState(op, 'on_call');
      }
      case 'on_call':
        if (!this.rng.chance(SECONDS_PER_STEP / (SECONDS_PER_STEP + (op.call as ActiveCall).outcome.talkSeconds))) return null;
        op.phase = 'wrap_up';
        return this.operatorState(op, 'wrap_up');
      case 'wrap_up': {
        const call = op.call as ActiveCall;
        if (!this.rng.chance(SECONDS_PER_STEP / (SECONDS_PER_STEP + call.outcome.wrapSeconds))) return null;
        op.phase = 'disposed';
        return this.callOutcome(call.lead, call.outcome, op);
      }
      case 'disposed':
        op.call = null;
        op.phase = 'available';
        return this.operatorState(op, 'available');
    }
  }
}
