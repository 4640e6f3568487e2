/**
 * `--format vicidial`: the simulator speaks as a VICIdial dialer would. Calls an agent took go to the
 * Dispo Call URL, calls no agent took to the No Agent Call URL (GETs, parameters form-encoded as
 * VICIdial encodes them, `key=` in the query string), agent state changes to the Agent Events Push
 * (a form POST, as get2post.php relays it). What VICIdial does not carry goes through the JSON ingest
 * API, as a CRM or an administrator would send it: new leads (`lead.created`) and an operator's
 * first log-in with name and seniority. BANT answers and wrap-up seconds have no VICIdial parameter
 * and are not sent.
 *
 * A batch is one unit for the runner: all of its requests are answered, or the batch is retried as a
 * whole (VICIdial's event ids come from its own ids, so a request sent again applies once).
 */
import type { IngestEventInput, OperatorState } from '@leadboard/contracts';
import { DateTime } from 'luxon';
import { IngestClient, parseRetryAfter, type FetchLike, type PostResult } from './ingest.client';

export type VicidialFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface VicidialClientOptions {
  url: string;
  key: string;
  /** The zone VICIdial writes local times in: must be the tenant's VICIdial time zone setting. */
  timeZone: string;
  fetch?: VicidialFetch;
  timeoutMs?: number;
  /** Requests of one batch in flight at once. */
  parallel?: number;
}

type CallInput = Extract<IngestEventInput, { type: 'call.outcome' }>;
type OperatorInput = Extract<IngestEventInput, { type: 'operator.state' }>;
type LeadInput = Extract<IngestEventInput, { type: 'lead.created' }>;

interface Request {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
}

/** Leads remembered for their names and phone numbers (VICIdial's URLs carry them); the oldest are forgotten. */
const MAX_KNOWN_LEADS = 50_000;

/** VICIdial's encoding: encodeURIComponent with `+` for spaces. */
const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
const query = (params: Record<string, string | number | null | undefined>) =>
  Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined)
    .map(([k, v]) => `${k}=${enc(String(v))}`)
    .join('&');

const AGENT_EVENT: Record<OperatorState, string> = {
  available: 'state_ready',
  on_call: 'call_answered',
  wrap_up: 'agent_hangup',
  paused: 'state_paused',
  offline: 'logged_out',
};

export class VicidialClient {
  private readonly base: string;
  private readonly fetchImpl: VicidialFetch;
  private readonly json: IngestClient;
  private readonly leads = new Map<string, { first: string; last: string; phone: string | null; email: string | null }>();
  private readonly counters = new Map<string, number>();
  private readonly lastState = new Map<string, OperatorState>();

  constructor(private readonly options: VicidialClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? (globalThis.fetch as unknown as VicidialFetch);
    this.json = new IngestClient({ url: options.url, key: options.key, fetch: this.fetchImpl as FetchLike, timeoutMs: options.timeoutMs });
  }

  async post(events: readonly IngestEventInput[]): Promise<PostResult> {
    const viaJson: IngestEventInput[] = [];
    const requests: Request[] = [];
    for (const e of events) {
      if (e.type === 'lead.created') {
        this.remember(e);
        viaJson.push(e);
      } else if (e.type === 'operator.state' && e.operator) {
        // First log-in: VICIdial's agent events carry no name or seniority. Its time is kept to the
        // second, so the agent events of that second (ordered by their counter) come after it.
        viaJson.push({ ...e, occurredAt: new Date(Math.floor(Date.parse(e.occurredAt) / 1000) * 1000).toISOString() });
        this.lastState.set(e.operatorId, e.state);
      } else if (e.type === 'operator.state') {
        requests.push(this.agentEvent(e));
      } else {
        requests.push(e.operatorId ? this.dispo(e) : this.noAgent(e));
      }
    }
    if (viaJson.length) {
      const r = await this.json.post(viaJson);
      if (r.kind !== 'accepted') return r;
    }
    const results = await this.sendAll(requests);
    const worst = results.find((r) => r.kind === 'fatal') ?? results.find((r) => r.kind === 'retry');
    return worst ?? { kind: 'accepted', accepted: events.length, duplicates: 0 };
  }

  /** The requests a batch becomes, without sending them (for `--print` and the specs). */
  translate(events: readonly IngestEventInput[]): Request[] {
    const out: Request[] = [];
    for (const e of events) {
      if (e.type === 'lead.created') this.remember(e);
      else if (e.type === 'operator.state' && !e.operator) out.push(this.agentEvent(e));
      else if (e.type === 'call.outcome') out.push(e.operatorId ? this.dispo(e) : this.noAgent(e));
    }
    return out;
  }

  private remember(e: LeadInput): void {
    const [first, ...rest] = (e.lead?.name ?? '').split(' ');
    this.leads.set(e.leadId, { first: first ?? '', last: rest.join(' '), phone: e.lead?.phone ?? null, email: e.lead?.email ?? null });
    if (this.leads.size > MAX_KNOWN_LEADS) this.leads.delete(this.leads.keys().next().value as string);
  }

  private local(iso: string): string {
    return DateTime.fromISO(iso, { zone: 'utc' }).setZone(this.options.timeZone).toFormat('yyyy-MM-dd HH:mm:ss');
  }

  /** VICIdial's uniqueid is `<epoch>.<sequence>`; the model's event sequence makes it unique per call. */
  private ids(e: CallInput): { epoch: number; uniqueid: string; seq: string } {
    const epoch = Math.floor(Date.parse(e.occurredAt) / 1000);
    const seq = String(Number(/(\d+)$/.exec(e.eventId)?.[1] ?? '0'));
    return { epoch, uniqueid: `${epoch}.${seq}`, seq };
  }

  private leadFields(leadId: string) {
    const known = this.leads.get(leadId);
    return { phone_number: known?.phone, first_name: known?.first, last_name: known?.last, email: known?.email };
  }

  private dispo(e: CallInput): Request {
    const { epoch, uniqueid, seq } = this.ids(e);
    const params = query({
      key: this.options.key,
      lead_id: e.leadId,
      campaign: e.campaignId,
      dispo: e.disposition,
      user: e.operatorId,
      talk_time: e.talkSeconds ?? 0,
      uniqueid,
      agent_log_id: seq,
      epoch,
      callback_datetime: e.callbackAt ? this.local(e.callbackAt) : '',
      ...this.leadFields(e.leadId),
      call_notes: e.notes ?? '',
    });
    return { method: 'GET', url: `${this.base}/api/v1/integrations/vicidial/dispo?${params}` };
  }

  private noAgent(e: CallInput): Request {
    const { uniqueid } = this.ids(e);
    const params = query({ key: this.options.key, lead_id: e.leadId, campaign: e.campaignId, status: e.disposition, uniqueid, SQLdate: this.local(e.occurredAt), ...this.leadFields(e.leadId) });
    return { method: 'GET', url: `${this.base}/api/v1/integrations/vicidial/no-agent?${params}` };
  }

  private agentEvent(e: OperatorInput): Request {
    const counter = (this.counters.get(e.operatorId) ?? 0) + 1;
    this.counters.set(e.operatorId, counter);
    const previous = this.lastState.get(e.operatorId);
    this.lastState.set(e.operatorId, e.state);
    const event = e.state === 'available' && (previous === undefined || previous === 'offline') ? 'logged_in' : AGENT_EVENT[e.state];
    const body = query({ key: this.options.key, user: e.operatorId, event, message: '', lead_id: '', agent_log_id: '', epoch: Math.floor(Date.parse(e.occurredAt) / 1000), counter });
    return { method: 'POST', url: `${this.base}/api/v1/integrations/vicidial/agent-events`, body };
  }

  private async sendAll(requests: Request[]): Promise<PostResult[]> {
    const results: PostResult[] = [];
    const queue = [...requests];
    const workers = Array.from({ length: Math.min(this.options.parallel ?? 8, queue.length) }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) results.push(await this.send(r));
    });
    await Promise.all(workers);
    return results;
  }

  private async send(r: Request): Promise<PostResult> {
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await this.fetchImpl(r.url, {
        method: r.method,
        headers: r.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body: r.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      return { kind: 'retry', afterMs: null, throttled: false, reason: `network: ${cause}` };
    }
    if (status === 200) return { kind: 'accepted', accepted: 1, duplicates: 0 };
    if (status === 429 || status === 503) return { kind: 'retry', afterMs: parseRetryAfter(retryAfter) ?? 1000, throttled: true, reason: `HTTP ${status}` };
    if (status >= 500 || status === 408) return { kind: 'retry', afterMs: parseRetryAfter(retryAfter), throttled: false, reason: `HTTP ${status}: ${text.slice(0, 200)}` };
    const what = status === 401 || status === 403 ? 'the ingest key was refused (check --key)' : 'the server refused a VICIdial request the model generated (a simulator bug)';
    // The text is VICIdial's answer (what is missing); the URL is not printed: it carries the key.
    return { kind: 'fatal', status, message: `HTTP ${status}: ${what}. ${text.slice(0, 300)}`, errors: [] };
  }
}
