/**
 * The `/live` namespace: the handshake token is checked before connecting; `subscribe` joins the
 * campaign's room (or the tenant's) and answers with a snapshot. Pushes come from the worker via Redis.
 */
import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { LIVE_NAMESPACE, idSchema, liveRooms, type AlertMessage, type LiveClientEvents, type LiveServerEvents, type ReassignedMessage, type SubscribeAck } from '@leadboard/contracts';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { AuthService } from '../auth/auth.service';
import { canSeeCampaign, type Principal } from '../auth/principal';
import { ApiMetrics } from '../metrics/api-metrics';
import { ReadModelService } from '../read/read-model.service';

const subscribeSchema = z.union([z.object({ campaignId: idSchema }), z.object({ tenant: z.literal(true) })]);

type LiveSocket = Socket & { data: { principal?: Principal } };

@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: true } })
export class LiveGateway implements OnGatewayInit<Namespace> {
  private readonly logger = new Logger(LiveGateway.name);
  @WebSocketServer() private readonly nsp?: Namespace<LiveClientEvents, LiveServerEvents>;

  constructor(
    private readonly auth: AuthService,
    private readonly read: ReadModelService,
    private readonly metrics: ApiMetrics,
  ) {}

  afterInit(nsp: Namespace): void {
    this.metrics.countLiveSocketsWith(() => nsp.sockets.size);
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.auth
        .authenticate(typeof token === 'string' ? token : null)
        .then((p) => {
          if (!p || p.kind === 'ingest') return next(new Error('unauthorized'));
          (socket as LiveSocket).data.principal = p;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    const p = socket.data.principal;
    if (!p) return { ok: false, error: 'unauthorized' };
    const req = subscribeSchema.safeParse(body);
    if (!req.success) return { ok: false, error: 'expected { campaignId } or { tenant: true }' };
    let campaignIds: string[];
    if ('campaignId' in req.data) {
      if (!canSeeCampaign(p, req.data.campaignId)) return { ok: false, error: 'campaign not found' };
      campaignIds = [req.data.campaignId];
      await socket.join(liveRooms.campaign(p.tenantId, req.data.campaignId));
    } else {
      campaignIds = (await this.read.campaigns(p)).map((c) => c.campaignId);
      // A wall token limited to some campaigns must not get the whole tenant's stream.
      if (p.kind === 'wall' && p.campaignIds !== null) {
        await socket.join(campaignIds.map((id) => liveRooms.campaign(p.tenantId, id)));
      } else {
        await socket.join(liveRooms.tenant(p.tenantId));
      }
    }
    // Joined first, then the snapshot: nothing pushed in between is lost (the client drops seq ≤ snapshot's).
    for (const id of campaignIds) socket.emit('snapshot', await this.read.snapshot(p, id));
    return { ok: true, campaignIds };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    const p = socket.data.principal;
    const req = z.object({ campaignId: idSchema }).safeParse(body);
    if (p && req.success) await socket.leave(liveRooms.campaign(p.tenantId, req.data.campaignId));
  }

  /** A push that starts in the API (an acknowledged alert); the Redis adapter relays it to every API node. */
  alert(tenantId: string, msg: AlertMessage): void {
    this.nsp?.to([liveRooms.campaign(tenantId, msg.campaignId), liveRooms.tenant(tenantId)]).emit('alert', msg);
  }

  /** A manager's reassignment, pushed after its transaction committed. */
  reassigned(tenantId: string, msg: ReassignedMessage): void {
    this.nsp?.to([liveRooms.campaign(tenantId, msg.campaignId), liveRooms.tenant(tenantId)]).emit('reassigned', msg);
  }

  handleConnection(socket: LiveSocket): void {
    this.logger.debug(`live client ${socket.id} (${socket.data.principal?.kind}) connected`);
  }
}
