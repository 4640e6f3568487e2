/**
 * The `/live` namespace: the handshake token is checked before connecting (the Origin before that,
 * in RedisIoAdapter); `subscribe` joins the campaign's room (or the tenant's) and answers with a
 * snapshot. Users and wall screens are in rooms of their own: wall screens get no personal data.
 * Every open socket's credentials are checked again when a user or key changes (at once, in every
 * API process) and every LIVE_RECHECK_INTERVAL_MS (expiry): a socket whose token no longer holds is
 * disconnected. Pushes (the worker's and the API's own) come through LivePublisher and the Redis adapter.
 */
import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  liveRooms,
  subscribeRequestSchema,
  unsubscribeRequestSchema,
  type LiveClientEvents,
  type LiveServerEvents,
  type SubscribeAck,
} from '@leadboard/contracts';
import { APP_CONFIG, SecurityAuditLog, deliverLiveBatches, runInTenantScope, type AccessChange, type AppConfig } from '@leadboard/server';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { AuthService } from '../auth/auth.service';
import { canSeeCampaign, principalId, type Principal } from '../auth/principal';
import { PrincipalCache } from '../auth/principal-cache';
import { ApiMetrics } from '../metrics/api-metrics';
import { SubscribeThrottle } from '../rate-limits/subscribe-throttle';
import { ReadModelService } from '../read/read-model.service';

type LiveSocket = Socket & { data: { principal?: Principal; token?: string } };

@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true } })
export class LiveGateway implements OnGatewayInit<Namespace>, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private readonly nsp?: Namespace<LiveClientEvents, LiveServerEvents>;
  private recheckTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly auth: AuthService,
    private readonly read: ReadModelService,
    private readonly metrics: ApiMetrics,
    private readonly throttle: SubscribeThrottle,
    private readonly audit: SecurityAuditLog,
    cache: PrincipalCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    cache.onInvalidated((change) => void this.recheck(change));
  }

  afterInit(nsp: Namespace): void {
    this.metrics.countLiveSocketsWith(() => nsp.sockets.size);
    // What LivePublisher (here or in a worker) publishes reaches this node's sockets.
    deliverLiveBatches(nsp);
    nsp.use((socket, next) => {
      const raw = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const token = typeof raw === 'string' ? raw : null;
      this.auth
        .check(token)
        .then((r) => {
          if (!r.ok || r.principal.kind === 'ingest') {
            this.refused(socket, r.ok ? null : r.reason);
            return next(new Error('unauthorized'));
          }
          Object.assign((socket as LiveSocket).data, { principal: r.principal, token });
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
    this.recheckTimer = setInterval(() => void this.recheck('sweep'), this.config.liveRecheckIntervalMs);
    this.recheckTimer.unref();
  }

  /** Each message is handled in its socket's tenant scope: what it reads is walled to that tenant (docs/SECURITY.md). */
  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const p = socket.data.principal;
    if (!p) return Promise.resolve({ ok: false, error: 'unauthorized' });
    return runInTenantScope(p.tenantId, () => this.subscribeAs(p, socket, body));
  }

  private async subscribeAs(p: Principal, socket: LiveSocket, body: unknown): Promise<SubscribeAck> {
    const wait = await this.throttle.consume(socket.id);
    if (wait > 0) {
      this.audit.record({ tenantId: p.tenantId, event: 'socket.refused', actor: { kind: p.kind, id: principalId(p) }, ip: socket.handshake.address, status: 429, detail: { reason: 'subscribe_rate' } });
      return { ok: false, error: `too many subscribe messages: retry in ${wait} s` };
    }
    const req = subscribeRequestSchema.safeParse(body);
    if (!req.success) return { ok: false, error: subscribeRefusal(req.error) };
    const wall = p.kind === 'wall';
    let campaignIds: string[];
    if ('campaignId' in req.data) {
      if (!canSeeCampaign(p, req.data.campaignId)) return { ok: false, error: 'campaign not found' };
      campaignIds = [req.data.campaignId];
      await socket.join(wall ? liveRooms.wallCampaign(p.tenantId, req.data.campaignId) : liveRooms.campaign(p.tenantId, req.data.campaignId));
    } else {
      campaignIds = (await this.read.campaigns(p)).map((c) => c.campaignId);
      // A wall token limited to some campaigns must not get the whole tenant's stream.
      if (wall && p.campaignIds !== null) await socket.join(campaignIds.map((id) => liveRooms.wallCampaign(p.tenantId, id)));
      else await socket.join(wall ? liveRooms.wallTenant(p.tenantId) : liveRooms.tenant(p.tenantId));
    }
    // Joined first, then the snapshot: nothing pushed in between is lost (the client drops seq ≤ snapshot's).
    for (const id of campaignIds) socket.emit('snapshot', await this.read.snapshot(p, id));
    return { ok: true, campaignIds };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    const p = socket.data.principal;
    const req = unsubscribeRequestSchema.safeParse(body);
    if (!p || !req.success) return;
    await socket.leave(p.kind === 'wall' ? liveRooms.wallCampaign(p.tenantId, req.data.campaignId) : liveRooms.campaign(p.tenantId, req.data.campaignId));
  }

  handleConnection(socket: LiveSocket): void {
    this.logger.debug(`live client ${socket.id} (${socket.data.principal?.kind}) connected`);
  }

  /**
   * Checks this process's sockets again: those of the changed user or key, or all of them ('resync'
   * after a lost subscription, 'sweep' on the interval). A socket whose credentials no longer hold
   * is told 'unauthorized' by its disconnection (the dashboard then finds its token refused).
   */
  private async recheck(change: AccessChange | 'resync' | 'sweep'): Promise<void> {
    if (change === 'sweep') {
      // One sweep at a time: a slow database must not pile them up.
      if (this.sweeping) return;
      this.sweeping = this.recheckSockets(() => true).finally(() => (this.sweeping = null));
      return this.sweeping;
    }
    if (change === 'resync') return this.recheckSockets(() => true);
    return this.recheckSockets((p) => (change.kind === 'user' ? p.kind === 'user' && p.userId === change.userId : p.kind !== 'user' && p.keyId === change.keyId));
  }

  private async recheckSockets(concerned: (p: Principal) => boolean): Promise<void> {
    if (!this.nsp) return;
    const byToken = new Map<string, ReturnType<AuthService['check']>>();
    for (const socket of [...this.nsp.sockets.values()] as LiveSocket[]) {
      const { principal, token } = socket.data;
      if (!principal || !token || !concerned(principal)) continue;
      let check = byToken.get(token);
      if (!check) byToken.set(token, (check = this.auth.check(token)));
      try {
        const r = await check;
        if (r.ok && r.principal.kind === principal.kind && r.principal.tenantId === principal.tenantId) {
          // A new role applies to the open socket too.
          socket.data.principal = r.principal;
          continue;
        }
        this.audit.record({
          tenantId: principal.tenantId,
          event: 'socket.disconnected',
          actor: { kind: principal.kind, id: principalId(principal) },
          ip: socket.handshake.address,
          status: 401,
          detail: { reason: r.ok ? 'changed' : r.reason },
        });
        socket.disconnect(true);
      } catch (err) {
        // PostgreSQL away: the socket stays until a check can be made.
        this.logger.warn(`live socket check failed: ${(err as Error).message}`);
      }
    }
  }

  private refused(socket: Socket, reason: string | null): void {
    this.audit.record({ tenantId: null, event: 'socket.refused', actor: { kind: 'anonymous', id: null }, ip: socket.handshake.address, status: 401, detail: { reason: reason ?? 'ingest_key' } });
  }

  onModuleDestroy(): void {
    if (this.recheckTimer) clearInterval(this.recheckTimer);
  }
}

/**
 * The ack of a malformed `subscribe`: what was expected, and what is wrong with the payload by the form
 * it came closest to (the union's branch with the fewest issues).
 */
function subscribeRefusal(error: z.ZodError): string {
  const [top] = error.issues;
  const branches = top?.code === 'invalid_union' ? top.errors : [error.issues];
  const closest = [...branches].sort((a, b) => a.length - b.length)[0] ?? [];
  const details = closest.map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message));
  return `expected { campaignId } or { tenant: true }${details.length ? ` (${details.join('; ')})` : ''}`;
}
