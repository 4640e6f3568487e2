/**
 * Alert rules as pure predicates over figures the server computes (domain page, "Alerts").
 * Each finding carries its figure and its line whether or not it fires, so the dashboard can show
 * how close a campaign is; raising and resolving is alert-hysteresis.ts's job, not this file's.
 */
import { ALERT_RULES, type AlertRule, type AlertSeverity } from '@leadboard/contracts';
import type { AlertThresholds } from './alert-thresholds';
import { wilsonBounds } from './rate-evidence';

/** From this many live-answered calls the drop rate is the legal figure itself, not an estimate to doubt. */
const DROP_RATE_MEASURED_SAMPLE = 1000;

// The rule and severity names are part of the public contract; the domain uses the same lists.
export { ALERT_RULES, type AlertRule, type AlertSeverity };

/**
 * Every message key a finding can carry, so the dashboard's translation test can check that
 * it, fr and en all have them. Keys are `alerts.<rule>.<variant>`. A key whose params change gets a new
 * variant name (the old `alerts.prospects_waiting.waiting` became `pastSla`): alerts stored with a key the
 * dashboard no longer knows show their stored English message instead of half-filled text.
 */
export const ALERT_MESSAGE_KEYS = [
  'alerts.qualification_bottleneck.tooFewContacts',
  'alerts.qualification_bottleneck.floor',
  'alerts.qualification_bottleneck.trailing',
  'alerts.speed_to_lead_breach.waiting',
  'alerts.prospects_waiting.pastSla',
  'alerts.closer_overload.overloaded',
  'alerts.closer_overload.spread',
  'alerts.closer_overload.noSeniors',
  'alerts.drop_rate.rate',
  'alerts.drop_rate.noCalls',
  'alerts.dnc_violation.byOperator',
  'alerts.dnc_violation.unknownOperator',
  'alerts.drop_rate.tooFewCalls',
  'alerts.lost_lead_called.byOperator',
  'alerts.lost_lead_called.unknownOperator',
  'alerts.hot_lead_waiting.waiting',
] as const;
export type AlertMessageKey = (typeof ALERT_MESSAGE_KEYS)[number];

export interface CampaignAlertInputs {
  /** contacts = calls with a contact disposition; prospects = transitions into prospect. */
  lastHour: { contacts: number; prospects: number };
  /** The campaign's own prospect/contacted over a longer period; null when unknown. */
  trailingProspectPerContacted: number | null;
  /** Leads still `new` whose first event is older than the speed-to-lead SLA. */
  newLeadsPastSla: number;
  /**
   * Prospects/opportunities waiting for a closer: without a senior owner for longer than the hand-off SLA
   * since they became prospects, or with a senior owner who has not touched them for longer than the follow-up SLA.
   */
  prospectsWaiting: number;
  /** Open prospects + opportunities owned by each senior. */
  seniors: { operatorId: string; name: string | null; openProspects: number }[];
  /** liveAnswered = contact calls + DROPPED calls (a person picked up). */
  drop30d: { dropped: number; liveAnswered: number };
  /** Hot open leads waiting for a call for longer than the hot-lead SLA, and the longest wait among them (seconds). */
  hotLeadsWaiting: { leads: number; oldestWaitSeconds: number | null };
}

export interface RuleFinding {
  rule: AlertRule;
  severity: AlertSeverity;
  firing: boolean;
  /** The figure that shows it and the line it is compared with, for the UI. */
  value: number | null;
  threshold: number;
  /** Plain English, e.g. "qualification bottleneck: 9 % of 34 contacts became prospects in the last hour, floor 15 %". */
  message: string;
  /** For translation by the dashboard (it/fr/en): a stable key and its parameters (percentages as percent numbers). */
  messageKey: AlertMessageKey;
  params: Record<string, string | number>;
}

/**
 * One finding per condition rule (not the per-call dnc_violation and lost_lead_called), in ALERT_RULES
 * order. `raised` names the rules whose alert is up now: the qualification and drop-rate rules judge
 * them against a line moved by a resolve margin (a band), so a figure hovering at its line does not
 * flap — hysteresis on the value, on top of the two-evaluation hysteresis on the verdict.
 */
export function evaluateCampaignRules(
  inputs: CampaignAlertInputs,
  thresholds: AlertThresholds,
  raised: ReadonlySet<AlertRule> = new Set(),
): RuleFinding[] {
  return [
    qualificationBottleneck(inputs.lastHour, inputs.trailingProspectPerContacted, thresholds, raised.has('qualification_bottleneck')),
    speedToLeadBreach(inputs.newLeadsPastSla, thresholds),
    prospectsWaiting(inputs.prospectsWaiting, thresholds),
    closerOverload(inputs.seniors, thresholds),
    dropRate(inputs.drop30d, thresholds, raised.has('drop_rate')),
    hotLeadWaiting(inputs.hotLeadsWaiting, thresholds),
  ];
}

/**
 * A call to a lead that said NOT_INTERESTED within the campaign's cooling-off: a warning, raised at once
 * by the caller (no hysteresis), naming the lead, the operator, the call and what to do.
 */
export function lostLeadCalledFinding(v: {
  leadId: string;
  operatorId: string | null;
  eventId: string;
  at: string;
  notInterestedAt: string | null;
  coolingOffDays: number;
}): RuleFinding {
  const base = { rule: 'lost_lead_called', severity: 'warning', firing: true, value: 1, threshold: v.coolingOffDays } as const;
  const said = v.notInterestedAt ?? 'recently';
  const advice = 'take it out of the calling lists and check where the dialer got it from';
  const params = { leadId: v.leadId, eventId: v.eventId, at: v.at, notInterestedAt: v.notInterestedAt ?? '', coolingOffDays: v.coolingOffDays };
  if (v.operatorId === null) {
    return {
      ...base,
      message: `lost lead called: lead ${v.leadId} said not interested at ${said} and was called again at ${v.at} (call ${v.eventId}), within the ${v.coolingOffDays}-day cooling-off: ${advice}`,
      messageKey: 'alerts.lost_lead_called.unknownOperator',
      params,
    };
  }
  return {
    ...base,
    message: `lost lead called: lead ${v.leadId} said not interested at ${said} and was called again by operator ${v.operatorId} at ${v.at} (call ${v.eventId}), within the ${v.coolingOffDays}-day cooling-off: ${advice}`,
    messageKey: 'alerts.lost_lead_called.byOperator',
    params: { ...params, operatorId: v.operatorId },
  };
}

/** A call to a `dnc` lead: always critical and firing; the caller raises it at once, without hysteresis. */
export function dncViolationFinding(v: { leadId: string; operatorId: string | null; at: string }): RuleFinding {
  const base = { rule: 'dnc_violation', severity: 'critical', firing: true, value: 1, threshold: 0 } as const;
  if (v.operatorId === null) {
    return {
      ...base,
      message: `dnc violation: lead ${v.leadId}, on the do-not-call list, was called by an unknown operator at ${v.at}: check the dialer's do-not-call filter`,
      messageKey: 'alerts.dnc_violation.unknownOperator',
      params: { leadId: v.leadId, at: v.at },
    };
  }
  return {
    ...base,
    message: `dnc violation: lead ${v.leadId}, on the do-not-call list, was called by operator ${v.operatorId} at ${v.at}: check the dialer's do-not-call filter`,
    messageKey: 'alerts.dnc_violation.byOperator',
    params: { leadId: v.leadId, operatorId: v.operatorId, at: v.at },
  };
}

function qualificationBottleneck(
  lastHour: CampaignAlertInputs['lastHour'],
  trailing: number | null,
  t: AlertThresholds,
  raised: boolean,
): RuleFinding {
  const { contacts, prospects } = lastHour;
  // Exact quotient, not ratio()'s 4 decimals, so "exactly at the floor" means exactly.
  const rate = contacts > 0 ? prospects / contacts : null;
  // "below the floor OR below factor × trailing" is "below the higher of the two": one line to show.
  const trailingLine = trailing === null ? null : trailing * t.qualificationTrailingFactor;
  const byTrailing = trailingLine !== null && trailingLine > t.qualificationFloor;
  const line = byTrailing && trailingLine !== null ? trailingLine : t.qualificationFloor;
  const base = { rule: 'qualification_bottleneck', severity: 'warning', value: rate, threshold: line } as const;

  // contacts > 0 as well: with a minimum set to 0 there is still no rate to judge in an empty hour.
  // A raised alert keeps being judged down to half the minimum: a quieter hour is not a recovery.
  const minContacts = raised ? Math.ceil(t.qualificationMinContacts / 2) : t.qualificationMinContacts;
  if (rate === null || contacts < minContacts) {
    return {
      ...base,
      firing: false,
      message:
        `qualification bottleneck: only ${plural(contacts, 'contact')} in the last hour, ` +
        `${t.qualificationMinContacts} needed to judge qualification`,
      messageKey: 'alerts.qualification_bottleneck.tooFewContacts',
      params: { contacts, minContacts: t.qualificationMinContacts },
    };
  }

  // To raise, the rate must be surely under the line (its upper 80 % bound), not by a few calls' chance;
  // once raised it holds until the rate itself is back above the line plus the resolve margin.
  const firing = raised ? rate < line + t.qualificationResolveMargin : wilsonBounds(prospects, contacts).upper < line;
  const [ratePercent, linePercent] = percentPair(rate, line);
  const head = `qualification bottleneck: ${ratePercent} % of ${plural(contacts, 'contact')} became prospects in the last hour`;
  const advice = 'review the lead lists and the first-call script with the juniors';
  if (byTrailing && trailing !== null) {
    const trailingPercent = wholePercent(trailing);
    const factorPercent = wholePercent(t.qualificationTrailingFactor);
    return {
      ...base,
      firing,
      message: `${head}, line ${linePercent} % (${factorPercent} % of the campaign's trailing ${trailingPercent} %): ${advice}`,
      messageKey: 'alerts.qualification_bottleneck.trailing',
      params: { ratePercent, contacts, prospects, linePercent, factorPercent, trailingPercent },
    };
  }
  return {
    ...base,
    firing,
    message: `${head}, floor ${linePercent} %: ${advice}`,
    messageKey: 'alerts.qualification_bottleneck.floor',
    params: { ratePercent, contacts, prospects, floorPercent: linePercent },
  };
}

function speedToLeadBreach(newLeadsPastSla: number, t: AlertThresholds): RuleFinding {
  const max = t.speedToLeadMaxWaiting;
  const sla = formatDuration(t.speedToLeadSlaSeconds);
  return {
    rule: 'speed_to_lead_breach',
    severity: 'warning',
    firing: newLeadsPastSla >= max,
    value: newLeadsPastSla,
    threshold: max,
    message: `speed-to-lead breach: ${plural(newLeadsPastSla, 'lead')} still new past the ${sla} SLA, alert at ${max}: call the freshest leads first and put more operators on first calls`,
    messageKey: 'alerts.speed_to_lead_breach.waiting',
    params: { leads: newLeadsPastSla, sla, slaSeconds: t.speedToLeadSlaSeconds, max },
  };
}

/**
 * Says what to do, not only what is wrong: the managers' view (its suggestions) is where prospects are
 * handed to closers. Both SLAs are named, since a prospect counts past either.
 */
function prospectsWaiting(waiting: number, t: AlertThresholds): RuleFinding {
  const min = t.prospectsWaitingMin;
  const handoff = formatDuration(t.prospectHandoffSlaSeconds);
  const followUp = formatDuration(t.prospectFollowUpSlaSeconds);
  return {
    rule: 'prospects_waiting',
    severity: 'warning',
    // No prospect waiting never fires, even with a minimum stored as 0.
    firing: waiting > 0 && waiting >= min,
    value: waiting,
    threshold: min,
    message:
      `prospects waiting for a closer: ${plural(waiting, 'prospect')} ${waiting === 1 ? 'has' : 'have'} waited over ${handoff} ` +
      `for a senior closer or over ${followUp} for their closer's follow-up, alert at ${min}: assign them to closers in the Manager view`,
    messageKey: 'alerts.prospects_waiting.pastSla',
    params: {
      prospects: waiting,
      handoffSla: handoff,
      handoffSlaSeconds: t.prospectHandoffSlaSeconds,
      followUpSla: followUp,
      followUpSlaSeconds: t.prospectFollowUpSlaSeconds,
      min,
    },
  };
}

function closerOverload(seniors: CampaignAlertInputs['seniors'], t: AlertThresholds): RuleFinding {
  const cap = t.closerOpenProspectCap;
  const base = { rule: 'closer_overload', severity: 'warning', threshold: cap } as const;
  if (seniors.length === 0) {
    return {
      ...base,
      firing: false,
      value: null,
      message: `closer overload: no senior closers, cap ${cap} open prospects`,
      messageKey: 'alerts.closer_overload.noSeniors',
      params: { cap },
    };
  }
  // Ties broken by operatorId so the named pair does not depend on the order the server listed them in.
  const byLoad = [...seniors].sort((a, b) => a.openProspects - b.openProspects || compareIds(a.operatorId, b.operatorId));
  const least = byLoad[0];
  const busiest = byLoad.reduce((top, s) => (s.openProspects > top.openProspects ? s : top));
  // For cap ≥ 0 nobody is both above the cap and under half of it, so these are two different seniors.
  const firing = busiest.openProspects > cap && least.openProspects < cap / 2;
  if (firing) {
    const busiestName = busiest.name ?? busiest.operatorId;
    const leastName = least.name ?? least.operatorId;
    return {
      ...base,
      firing,
      value: busiest.openProspects,
      message:
        `closer overload: ${busiestName} owns ${plural(busiest.openProspects, 'open prospect')}, cap ${cap}, ` +
        `while ${leastName} owns ${least.openProspects}: move some to ${leastName} in the Manager view`,
      messageKey: 'alerts.closer_overload.overloaded',
      params: {
        busiest: busiestName,
        busiestOperatorId: busiest.operatorId,
        busiestOpen: busiest.openProspects,
        least: leastName,
        leastOperatorId: least.operatorId,
        leastOpen: least.openProspects,
        cap,
      },
    };
  }
  return {
    ...base,
    firing,
    value: busiest.openProspects,
    message:
      `closer overload: the busiest closer owns ${plural(busiest.openProspects, 'open prospect')}, cap ${cap}; ` +
      `the least busy owns ${least.openProspects}`,
    messageKey: 'alerts.closer_overload.spread',
    params: { maxOpen: busiest.openProspects, minOpen: least.openProspects, cap },
  };
}

function dropRate(drop30d: CampaignAlertInputs['drop30d'], t: AlertThresholds, raised: boolean): RuleFinding {
  const { dropped, liveAnswered } = drop30d;
  const max = t.dropRateMax;
  // Severity is the rule's, not the moment's: above the cap is a legal matter in the US.
  const base = { rule: 'drop_rate', severity: 'critical', threshold: max } as const;
  if (liveAnswered <= 0) {
    return {
      ...base,
      firing: false,
      value: null,
      message: `drop rate: no live-answered calls in the last 30 days, cap ${wholePercent(max)} %`,
      messageKey: 'alerts.drop_rate.noCalls',
      params: { maxPercent: wholePercent(max) },
    };
  }
  // Exact quotient: the cap is a legal line, 3.0001 % is over it.
  const rate = dropped / liveAnswered;
  const [ratePercent, maxPercent] = percentPair(rate, max);
  // Too few calls to tell a rate from chance (a campaign's first minutes): shown, never fired. A raised
  // alert keeps its verdict down to half the minimum rather than resolving on a thinner sample.
  const minLive = raised ? Math.ceil(t.dropRateMinLiveAnswered / 2) : t.dropRateMinLiveAnswered;
  if (liveAnswered < minLive) {
    return {
      ...base,
      firing: false,
      value: rate,
      message: `drop rate: only ${plural(liveAnswered, 'live-answered call')} in the last 30 days, ${t.dropRateMinLiveAnswered} needed to judge, cap ${maxPercent} %`,
      messageKey: 'alerts.drop_rate.tooFewCalls',
      params: { ratePercent, dropped, liveAnswered, minLiveAnswered: t.dropRateMinLiveAnswered, maxPercent },
    };
  }
  return {
    ...base,
    // To raise: over the cap, and surely so (lower 80 % bound) unless the sample is big enough to be the
    // legal measurement itself; once raised, until the rate is back under the cap minus the margin.
    firing: raised
      ? rate > max - t.dropRateResolveMargin
      : rate > max && (liveAnswered >= DROP_RATE_MEASURED_SAMPLE || wilsonBounds(dropped, liveAnswered).lower > max),
    value: rate,
    message: `drop rate: ${ratePercent} % of ${plural(liveAnswered, 'live-answered call')} dropped over 30 days, cap ${maxPercent} %: lower the dialer's pacing (calls per available operator)`,
    messageKey: 'alerts.drop_rate.rate',
    params: { ratePercent, dropped, liveAnswered, maxPercent },
  };
}

/**
 * A hot lead is to be called first, at once: one left waiting past the SLA is worth an alert. The message
 * says where to act (the queue in the Manager view: call it, or give it to a senior in one click).
 */
function hotLeadWaiting(waiting: CampaignAlertInputs['hotLeadsWaiting'], t: AlertThresholds): RuleFinding {
  const sla = formatDuration(t.hotLeadSlaSeconds);
  const oldest = waiting.oldestWaitSeconds === null ? null : formatWait(waiting.oldestWaitSeconds);
  return {
    rule: 'hot_lead_waiting',
    severity: 'warning',
    firing: waiting.leads > 0,
    value: waiting.leads,
    threshold: 1,
    message:
      `hot leads waiting: ${plural(waiting.leads, 'hot lead')} ${waiting.leads === 1 ? 'has' : 'have'} waited over ${sla} for a call` +
      `${oldest === null ? '' : ` (the oldest ${oldest})`}: call them first, or assign them to a senior from the queue in the Manager view`,
    messageKey: 'alerts.hot_lead_waiting.waiting',
    params: { leads: waiting.leads, sla, slaSeconds: t.hotLeadSlaSeconds, oldest: oldest ?? '–' },
  };
}

/** A wait as a supervisor reads it: whole minutes under two hours, then hours. */
function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}

function roundPercent(fraction: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(fraction * 100 * scale) / scale;
}

function wholePercent(fraction: number): number {
  return roundPercent(fraction, 0);
}

/**
 * Whole percentages, as the UI shows them; but "3 % dropped, cap 3 %" on a firing critical alert would
 * contradict itself, so when the whole numbers read the same while the figures differ, up to two decimals.
 */
function percentPair(value: number, line: number): [number, number] {
  for (let decimals = 0; decimals < 2; decimals += 1) {
    const pair: [number, number] = [roundPercent(value, decimals), roundPercent(line, decimals)];
    if (pair[0] !== pair[1] || value === line) return pair;
  }
  return [roundPercent(value, 2), roundPercent(line, 2)];
}

/** SLAs are set in seconds but read by supervisors in minutes or hours. */
function formatDuration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Plain string order, as event ids are compared elsewhere; localeCompare would vary with the machine. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
