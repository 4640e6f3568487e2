/**
 * A wall screen as the dashboard runs it (apps/dashboard/src/live/use-live.ts and the campaign-live
 * store), reduced to what the contract promises, for a node test:
 * - socket.io's own reconnection (websocket only, as the dashboard); on every connect it subscribes
 *   again and holds every message until the snapshot;
 * - messages applied strictly by `seq`: at or below the last one ignored, the next one applied, one
 *   further ahead held; a hole still open after `gapGraceMs` asks for a fresh snapshot;
 * - the dashboard's heartbeat: every `heartbeatMs` the REST figures are compared, and two mismatches in
 *   a row with no message applied in between ask for a fresh snapshot too.
 * It counts what it had to do (reconnects, gap and heartbeat re-syncs), and notes when each
 * transition's event was first seen (the scenarios' latency figures).
 */
import type { CampaignMetrics, MetricsMessage, SnapshotMessage, SubscribeAck } from '@leadboard/contracts';
import { io, type Socket } from 'socket.io-client';

export interface Figures {
  stages: CampaignMetrics['stages'];
  funnel: CampaignMetrics['funnel'];
  rates: CampaignMetrics['rates'];
  attemptsPerLead: CampaignMetrics['attemptsPerLead'];
}

export function figuresOf(m: CampaignMetrics | null): Figures | null {
  return m ? { stages: m.stages, funnel: m.funnel, rates: m.rates, attemptsPerLead: m.attemptsPerLead } : null;
}

type Sequenced = { seq: number; campaignId: string | null; metrics?: CampaignMetrics };

export class LiveScreen {
  readonly counts = { connects: 0, disconnects: 0, snapshots: 0, gapResyncs: 0, heartbeatResyncs: 0, messages: 0 };
  /** eventId → when its first transition arrived (ms). */
  readonly firstSeen = new Map<string, number>();
  private socket: Socket;
  private metrics: CampaignMetrics | null = null;
  private lastSeq: number | null = null;
  private awaitingSnapshot = true;
  private pending: Sequenced[] = [];
  private gapTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout;
  private mismatches = 0;
  private seqAtMismatch: number | null = null;
  private lastSubscribeAt = 0;
  private closed = false;

  constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly token: string,
    readonly campaignId: string,
    private readonly opts: { gapGraceMs?: number; heartbeatMs?: number; restToken?: string } = {},
  ) {
    this.socket = io(`${baseUrl}/live`, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
    });
    this.socket.on('connect', () => {
      this.counts.connects += 1;
      this.subscribe();
    });
    this.socket.on('disconnect', (reason) => {
      this.counts.disconnects += 1;
      // socket.io reconnects by itself, except when the server closed the socket
      if (reason === 'io server disconnect') setTimeout(() => !this.closed && this.socket.connect(), 1000);
    });
    this.socket.on('connect_error', () => {
      // refused by a middleware (the database away while the token is checked): retry as the dashboard does
      if (!this.socket.active) setTimeout(() => !this.closed && !this.socket.connected && this.socket.connect(), 1000);
    });
    this.socket.on('snapshot', (m: SnapshotMessage) => this.applySnapshot(m));
    this.socket.on('metrics', (m: MetricsMessage) => this.sequenced(m));
    this.socket.on('transition', (m: Sequenced & { eventId: string }) => {
      if (!this.firstSeen.has(m.eventId)) this.firstSeen.set(m.eventId, Date.now());
      this.sequenced(m);
    });
    for (const event of ['operator', 'alert', 'reassigned']) this.socket.on(event, (m: Sequenced) => this.sequenced(m));
    this.heartbeat = setInterval(() => void this.beat(), opts.heartbeatMs ?? 4000);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** The figures on screen now (null before the first snapshot or while one is awaited). */
  figures(): Figures | null {
    return this.awaitingSnapshot ? null : figuresOf(this.metrics);
  }

  get seq(): number | null {
    return this.lastSeq;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.socket.close();
  }

  private subscribe(): void {
    if (!this.socket.connected || this.closed) return;
    this.awaitingSnapshot = true;
    this.lastSubscribeAt = Date.now();
    const s = this.socket;
    s.timeout(10_000).emit('subscribe', { campaignId: this.campaignId }, (err: Error | null, ack?: SubscribeAck) => {
      if ((err || !ack || !ack.ok) && s.connected && !this.closed) setTimeout(() => this.subscribe(), 1000);
    });
  }

  private resync(kind: 'gapResyncs' | 'heartbeatResyncs'): void {
    this.counts[kind] += 1;
    const wait = Math.max(0, this.lastSubscribeAt + 1000 - Date.now());
    this.awaitingSnapshot = true;
    setTimeout(() => this.subscribe(), wait);
  }

  private applySnapshot(m: SnapshotMessage): void {
    if (m.campaignId !== this.campaignId) return;
    this.counts.snapshots += 1;
    this.metrics = m.metrics;
    this.lastSeq = m.seq;
    this.awaitingSnapshot = false;
    this.drain();
    this.watchGap();
  }

  private sequenced(m: Sequenced): void {
    if (m.campaignId !== this.campaignId) return;
    this.counts.messages += 1;
    if (this.awaitingSnapshot || this.lastSeq === null) {
      this.pending.push(m);
      return;
    }
    if (m.seq <= this.lastSeq) return;
    if (m.seq > this.lastSeq + 1) {
      this.pending.push(m);
      this.watchGap();
      return;
    }
    this.apply(m);
    this.drain();
  }

  private apply(m: Sequenced): void {
    if (m.metrics) this.metrics = m.metrics;
    this.lastSeq = m.seq;
  }

  private drain(): void {
    if (this.lastSeq === null) return;
    this.pending.sort((a, b) => a.seq - b.seq);
    let i = 0;
    for (; i < this.pending.length; i++) {
      const m = this.pending[i];
      if (m.seq <= this.lastSeq) continue;
      if (m.seq > this.lastSeq + 1) break;
      this.apply(m);
    }
    this.pending = this.pending.slice(i);
  }

  private watchGap(): void {
    if (this.gapTimer || this.pending.length === 0) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (!this.awaitingSnapshot && this.pending.length > 0) this.resync('gapResyncs');
    }, this.opts.gapGraceMs ?? 1500);
  }

  /** The dashboard's heartbeat (composables/use-heartbeat.ts): diverged figures with no message flowing → re-sync. */
  private async beat(): Promise<void> {
    if (this.closed || !this.socket.connected || this.awaitingSnapshot) {
      this.mismatches = 0;
      return;
    }
    const seqAtSend = this.lastSeq;
    const res = await fetch(`${this.baseUrl}/api/v1/campaigns/${this.campaignId}/metrics`, {
      headers: { authorization: `Bearer ${this.opts.restToken ?? this.token}` },
      signal: AbortSignal.timeout(3000),
    }).catch(() => null);
    if (!res?.ok || this.awaitingSnapshot) return;
    const server = figuresOf((await res.json()) as CampaignMetrics);
    if (JSON.stringify(server) === JSON.stringify(this.figures())) {
      this.mismatches = 0;
      return;
    }
    if (this.lastSeq !== seqAtSend || (this.mismatches > 0 && this.lastSeq !== this.seqAtMismatch)) {
      this.mismatches = 0;
      return;
    }
    this.mismatches += 1;
    this.seqAtMismatch = this.lastSeq;
    if (this.mismatches >= 2) {
      this.mismatches = 0;
      this.resync('heartbeatResyncs');
    }
  }
}

/** A fresh screen's view: connect, subscribe, take the snapshot, close (tried again: a saturated node may not answer in time). */
export async function freshSnapshot(baseUrl: string, token: string, campaignId: string): Promise<SnapshotMessage> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await snapshotOnce(baseUrl, token, campaignId);
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function snapshotOnce(baseUrl: string, token: string, campaignId: string): Promise<SnapshotMessage> {
  const socket = io(`${baseUrl}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
  try {
    const snapshot = new Promise<SnapshotMessage>((resolve) => socket.on('snapshot', (m: SnapshotMessage) => m.campaignId === campaignId && resolve(m)));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = (await socket.timeout(30_000).emitWithAck('subscribe', { campaignId })) as SubscribeAck;
    if (!ack.ok) throw new Error(`subscribe refused: ${ack.error}`);
    return await snapshot;
  } finally {
    socket.close();
  }
}
