/**
 * Meta's calls to a source's webhook: the subscription handshake, and `leadgen` notifications,
 * which are checked (signature over the raw bytes), read (ids as exact strings) and turned into one
 * fetch job per lead. The answer comes as soon as the jobs are queued; the worker fetches the leads.
 */
import { BadRequestException, ForbiddenException, Injectable, Logger, NotFoundException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { metaWebhookBodySchema } from '@leadboard/contracts';
import { extractLeadgenChanges, parseJsonWithStringIds } from '@leadboard/domain';
import {
  MetaLeadFetchQueue,
  MetaSourceStore,
  QueueUnavailableError,
  SecretUnreadableError,
  SecretsKeyMissingError,
  SourceActivity,
  TenantDatabase,
  enterTenantScope,
  metaSignatureMatches,
  type MetaWebhookTarget,
} from '@leadboard/server';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Meta's challenge is a number; anything long or odd is not worth echoing. */
const CHALLENGE = /^[\x21-\x7e]{1,256}$/;

export class WebhookQueueUnavailable extends ServiceUnavailableException {}

function sameText(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the expected token.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

@Injectable()
export class MetaWebhookService {
  private readonly logger = new Logger(MetaWebhookService.name);

  constructor(
    private readonly store: MetaSourceStore,
    private readonly fetches: MetaLeadFetchQueue,
    private readonly activity: SourceActivity,
    private readonly tenants: TenantDatabase,
  ) {}

  /**
   * The webhook names a source, not a tenant, and carries no credential: the narrow lookup finds the
   * source's tenant, the request works in that tenant's scope from then on (docs/SECURITY.md, "Tenant
   * walls"), and the source is read there. Null for an unknown source.
   */
  private async target(sourceId: string): Promise<MetaWebhookTarget | null> {
    const tenantId = await this.tenants.tenantOfMetaSource(sourceId);
    if (!tenantId) return null;
    enterTenantScope(tenantId);
    return this.store.webhookTarget(sourceId);
  }

  /** `hub.mode=subscribe` with the source's verify token → the challenge, to echo as the whole body. */
  async handshake(sourceId: string, mode: unknown, verifyToken: unknown, challenge: unknown): Promise<string> {
    const target = await this.target(sourceId);
    if (!target || mode !== 'subscribe' || typeof verifyToken !== 'string' || !sameText(verifyToken, target.verifyToken)) {
      throw new ForbiddenException('hub.mode must be subscribe and hub.verify_token must be the source\'s verify token');
    }
    if (typeof challenge !== 'string' || !CHALLENGE.test(challenge)) throw new BadRequestException('hub.challenge is required');
    return challenge;
  }

  /** Throws 404 (no such source), 401 (signature), 400 (not a notification), 503 (secrets or queue unavailable). */
  async receive(sourceId: string, rawBody: Buffer | undefined, signature: string | undefined): Promise<{ leads: number }> {
    const target = await this.target(sourceId);
    if (!target) throw new NotFoundException(`Meta source ${sourceId.slice(0, 64)} not found`);
    const source = { kind: 'meta' as const, id: target.id };

    let appSecret: string;
    try {
      appSecret = this.store.openAppSecret(target);
    } catch (err) {
      if (!(err instanceof SecretsKeyMissingError || err instanceof SecretUnreadableError)) throw err;
      await this.activity.recordError(target.tenantId, source, `a notification could not be checked: the app secret cannot be read (${err instanceof SecretsKeyMissingError ? 'SECRETS_KEY is not set' : 'SECRETS_KEY changed?'})`);
      // 503: Meta retries, so the notification is not lost once the key is back.
      throw new ServiceUnavailableException('the source\'s app secret cannot be read on this server (SECRETS_KEY); retry later');
    }

    if (!rawBody?.length || !metaSignatureMatches(rawBody, signature, appSecret)) {
      await this.activity.recordError(
        target.tenantId,
        source,
        signature ? 'a notification was refused: its X-Hub-Signature-256 does not match the app secret' : 'a notification was refused: it had no X-Hub-Signature-256',
      );
      throw new UnauthorizedException('X-Hub-Signature-256 is missing or does not match the body signed with the app secret');
    }

    let parsed: unknown;
    try {
      parsed = parseJsonWithStringIds(rawBody.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const body = metaWebhookBodySchema.safeParse(parsed);
    if (!body.success) {
      await this.activity.recordError(target.tenantId, source, 'a signed notification was not a Meta webhook body (JSON with an entry array)');
      throw new BadRequestException('the body is not a Meta webhook notification');
    }

    const { changes, invalid } = extractLeadgenChanges(body.data);
    if (invalid) await this.activity.recordError(target.tenantId, source, `${invalid} leadgen change(s) without a valid leadgen_id were ignored`);
    try {
      await this.fetches.add(target.tenantId, target.id, changes);
    } catch (err) {
      if (err instanceof QueueUnavailableError) {
        this.logger.warn(`Meta notification for source ${target.id} not queued: ${err.message}`);
        throw new WebhookQueueUnavailable('the queue is unavailable; nothing was queued, retry later');
      }
      throw err;
    }
    return { leads: changes.length };
  }
}
