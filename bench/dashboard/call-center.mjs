// A simulated busy outbound call center for the dashboard bench: operators moving through their
// states, leads arriving, calls with their outcomes, and the live messages the Leadboard server
// would push for them (contract.md, "Live channel"), with one `seq` per campaign. It keeps the
// figures a snapshot and the REST reads need. Time is simulated: `advance(ms)` moves the clock.

const FUNNEL = ['new', 'contacted', 'prospect', 'opportunity', 'customer'];
const STAGES = [...FUNNEL, 'nurturing', 'lost', 'dnc'];
const FIRST = ['Giulia', 'Marco', 'Chiara', 'Luca', 'Sofia', 'Matteo', 'Camille', 'Louis', 'Chloé', 'Hugo', 'Elena', 'Paolo', 'Inès', 'Théo', 'Anna', 'Davide'];
const LAST = ['Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Martin', 'Bernard', 'Dubois', 'Moreau', 'Laurent', 'Greco', 'Gallo', 'Conti', 'Petit', 'Roux', 'Fontana'];

/** Deterministic PRNG (mulberry32): the same seed, the same run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zeroStages = () => Object.fromEntries(STAGES.map((s) => [s, 0]));

export class CallCenter {
  /**
   * @param {{ operators: number, eventsPerSecond: number, campaignId: string, seed?: number, startMs: number }} o
   */
  constructor(o) {
    this.random = rng(o.seed ?? 42);
    this.campaignId = o.campaignId;
    this.eventsPerSecond = o.eventsPerSecond;
    this.now = o.startMs;
    this.seq = 0;
    this.events = 0;
    this.leads = []; // {id, stage, reached}
    this.stages = zeroStages();
    this.funnel = Object.fromEntries(FUNNEL.map((s) => [s, 0]));
    this.minutes = []; // per simulated minute: {calls, contacts, dropped, prospects, customers, transitions}
    this.recent = []; // last 50 transitions
    this.alerts = new Map();
    this.dirty = false;
    this.carry = 0;
    this.operators = Array.from({ length: o.operators }, (_, i) => {
      const id = `op-${String(i + 1).padStart(3, '0')}`;
      return {
        operatorId: id,
        name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
        seniority: i % 4 === 0 ? 'senior' : 'junior',
        state: 'available',
        since: new Date(this.now).toISOString(),
        nextChange: this.now + this.random() * 60_000,
        calls: 0,
        talk: 0,
        prospects: 0,
        customers: 0,
      };
    });
  }

  bucket() {
    const minute = Math.floor(this.now / 60_000);
    let last = this.minutes[this.minutes.length - 1];
    if (!last || last.minute !== minute) {
      last = { minute, calls: 0, contacts: 0, dropped: 0, transitions: zeroStages() };
      this.minutes.push(last);
      if (this.minutes.length > 24 * 60) this.minutes.shift();
    }
    return last;
  }

  window(minutes) {
    const from = Math.floor(this.now / 60_000) - minutes + 1;
    const w = { calls: 0, contacts: 0, dropped: 0, transitions: zeroStages() };
    for (let i = this.minutes.length - 1; i >= 0 && this.minutes[i].minute >= from; i--) {
      const b = this.minutes[i];
      w.calls += b.calls;
      w.contacts += b.contacts;
      w.dropped += b.dropped;
      for (const s of STAGES) w.transitions[s] += b.transitions[s];
    }
    return {
      from: new Date(from * 60_000).toISOString(),
      to: new Date(this.now).toISOString(),
      ...w,
      ahtSeconds: w.calls ? 190 : null,
      dropRate: w.contacts + w.dropped ? w.dropped / (w.contacts + w.dropped) : null,
      prospectPerContacted: w.contacts ? w.transitions.prospect / w.contacts : null,
    };
  }

  metrics() {
    const f = this.funnel;
    const r = (a, b) => (b > 0 ? a / b : null);
    return {
      campaignId: this.campaignId,
      asOf: new Date(this.now).toISOString(),
      stages: { ...this.stages },
      funnel: { ...f },
      rates: { contact: r(f.contacted, f.new), qualification: r(f.prospect, f.new), prospectPerContacted: r(f.prospect, f.contacted), close: r(f.customer, f.prospect) },
      attemptsPerLead: 2.1,
      speedToLeadMedianSeconds: 95,
      unmappedDispositions: 0,
      windows: { '15m': this.window(15), '1h': this.window(60), today: this.window(24 * 60) },
      // the wall's known-customer banner and the account funnel (one company per 40 leads)
      knownCustomers: Math.floor(f.customer / 50),
      accounts: { lead: Math.ceil(f.new / 40), potential: Math.ceil(f.prospect / 40), customer: Math.ceil(f.customer / 40) },
    };
  }

  /**
   * The hot-lead queue the wall polls (`GET /campaigns/{id}/queue`): the newest open prospects and
   * opportunities, scored by stage and freshness; initials only, as for a wall token.
   */
  queue(limit) {
    const items = [];
    let hotCount = 0;
    let oldest = null;
    for (let i = this.leads.length - 1; i >= 0 && i >= this.leads.length - 5000; i--) {
      const lead = this.leads[i];
      if (lead.stage !== 'prospect' && lead.stage !== 'opportunity') continue;
      const waitingSince = lead.since ?? new Date(this.now).toISOString();
      const priority = Math.min(100, (lead.stage === 'opportunity' ? 70 : 55) + (Number(lead.id.slice(2)) % 30));
      const hot = priority >= 70;
      if (hot) {
        hotCount += 1;
        if (!oldest || waitingSince < oldest) oldest = waitingSince;
      }
      if (items.length < limit)
        items.push({
          leadId: lead.id,
          stage: lead.stage,
          priority,
          hot,
          reasons: [{ key: lead.stage === 'opportunity' ? 'priority.immediateNeed' : 'priority.fresh', params: { points: 10 } }],
          waitingSince,
          ownerOperatorId: null,
          initials: lead.id.slice(-2),
        });
    }
    items.sort((a, b) => b.priority - a.priority || (a.waitingSince < b.waitingSince ? -1 : 1));
    return {
      campaignId: this.campaignId,
      hotThreshold: 70,
      hotLeadSlaSeconds: 300,
      hotCount,
      oldestHotWaitingSince: oldest,
      asOf: new Date(this.now).toISOString(),
      items,
    };
  }

  operatorView(op) {
    return {
      operatorId: op.operatorId,
      name: op.name,
      seniority: op.seniority,
      state: op.state,
      since: op.since,
      load: {
        timeInStateSeconds: Math.max(0, Math.floor((this.now - Date.parse(op.since)) / 1000)),
        occupancy: 0.7,
        callsToday: op.calls,
        talkSecondsToday: op.talk,
        prospectsToday: op.prospects,
        customersToday: op.customers,
        openLeads: { contacted: 3, prospect: op.prospects },
        callbacksDue: 0,
        asOf: new Date(this.now).toISOString(),
      },
    };
  }

  snapshot() {
    return {
      campaignId: this.campaignId,
      seq: this.seq,
      metrics: this.metrics(),
      operators: this.operators.map((op) => this.operatorView(op)),
      alerts: [...this.alerts.values()],
      recentTransitions: this.recent.slice(),
    };
  }

  transition(lead, to, cause, operatorId, out) {
    const from = lead ? lead.stage : null;
    const t = {
      seq: ++this.seq,
      campaignId: this.campaignId,
      leadId: lead.id,
      from: lead.created ? from : null,
      to,
      at: new Date(this.now).toISOString(),
      operatorId,
      cause,
      eventId: `e-${this.events}`,
      correction: false,
    };
    if (lead.created) this.stages[from] -= 1;
    lead.created = true;
    lead.stage = to;
    lead.since = t.at;
    this.stages[to] += 1;
    const rank = FUNNEL.indexOf(to);
    if (rank > lead.reached) {
      for (let i = lead.reached + 1; i <= rank; i++) this.funnel[FUNNEL[i]] += 1;
      lead.reached = rank;
    }
    this.bucket().transitions[to] += 1;
    this.recent.unshift(t);
    if (this.recent.length > 50) this.recent.length = 50;
    out.push(['transition', t]);
  }

  /** One event of the call center, and the messages it causes. */
  step(out) {
    this.events += 1;
    this.dirty = true;
    const x = this.random();
    if (x < 0.22 || this.leads.length < 50) {
      // a lead arrives (web form, Meta lead ad…)
      const lead = { id: `L-${this.leads.length + 1}`, stage: 'new', reached: -1, created: false };
      this.leads.push(lead);
      if (this.leads.length > 200_000) this.leads.splice(0, 100_000);
      this.transition(lead, 'new', 'lead.created', null, out);
      return;
    }
    if (x < 0.45) {
      // an operator changes state when it is due
      const op = this.operators[Math.floor(this.random() * this.operators.length)];
      const next = { available: 'on_call', on_call: 'wrap_up', wrap_up: this.random() < 0.12 ? 'paused' : 'available', paused: 'available', offline: 'available' }[op.state];
      op.state = this.random() < 0.005 ? 'offline' : next;
      op.since = new Date(this.now).toISOString();
      out.push(['operator', { ...this.operatorView(op), campaignId: this.campaignId, seq: ++this.seq }]);
      return;
    }
    // a call with its outcome: most reach nobody (predictive dialing)
    const op = this.operators[Math.floor(this.random() * this.operators.length)];
    const lead = this.leads[this.leads.length - 1 - Math.floor(this.random() * Math.min(this.leads.length, 5000))];
    const b = this.bucket();
    b.calls += 1;
    op.calls += 1;
    const y = this.random();
    if (y < 0.62) return; // no answer, busy, voicemail: no stage change
    if (y < 0.64) {
      b.dropped += 1;
      return;
    }
    b.contacts += 1;
    op.talk += 120 + Math.floor(this.random() * 300);
    if (lead.stage === 'customer' || lead.stage === 'dnc') return;
    let to;
    if (y < 0.74) to = 'lost';
    else if (y < 0.8) to = 'nurturing';
    else if (y < 0.9) to = lead.reached >= 1 ? null : 'contacted';
    else if (y < 0.95) to = lead.reached >= 2 ? null : 'prospect';
    else if (y < 0.985) to = lead.reached >= 2 && lead.reached < 3 ? 'opportunity' : lead.reached < 2 ? 'prospect' : null;
    else if (y < 0.997) to = 'customer';
    else to = 'dnc';
    if (!to || to === lead.stage) return;
    if (to === 'prospect') op.prospects += 1;
    if (to === 'customer') op.customers += 1;
    this.transition(lead, to, 'call.outcome', op.operatorId, out);
  }

  /** Raises or resolves an alert now and then (the banner comes and goes, every minute or so). */
  maybeAlert(out) {
    if (this.random() > 0.0015) return;
    const open = [...this.alerts.values()];
    if (open.length > 0 && this.random() < 0.6) {
      const a = open[0];
      this.alerts.delete(a.id);
      out.push(['alert', { ...a, state: 'resolved', resolvedAt: new Date(this.now).toISOString(), seq: ++this.seq }]);
      return;
    }
    const id = `a-${this.seq}`;
    const a = {
      id,
      campaignId: this.campaignId,
      rule: 'qualification_bottleneck',
      severity: 'warning',
      state: 'raised',
      message: 'qualification bottleneck: 9 % of 120 contacts became prospects in the last hour, floor 15 %',
      messageKey: 'alerts.qualification_bottleneck.floor',
      params: { ratePercent: 9, contacts: 120, prospects: 11, floorPercent: 15 },
      value: 0.09,
      threshold: 0.15,
      raisedAt: new Date(this.now).toISOString(),
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
    };
    this.alerts.set(id, a);
    out.push(['alert', { ...a, seq: ++this.seq }]);
  }

  /** Moves the simulated clock by `ms`, returning the messages of the events in that span. */
  advance(ms) {
    const out = [];
    const due = (this.eventsPerSecond * ms) / 1000 + this.carry;
    const n = Math.floor(due);
    this.carry = due - n;
    for (let i = 0; i < n; i++) {
      this.now += ms / Math.max(n, 1);
      this.step(out);
    }
    if (n === 0) this.now += ms;
    this.maybeAlert(out);
    return out;
  }

  /** A coalesced `metrics` message when anything changed since the last one. */
  metricsMessage() {
    if (!this.dirty) return null;
    this.dirty = false;
    return { campaignId: this.campaignId, seq: ++this.seq, metrics: this.metrics() };
  }
}
