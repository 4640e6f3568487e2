/**
 * One Meta lead fetch: read the source (token opened), read the lead from the Graph API, map it
 * (libs/domain) and queue the `lead.created` through the one ingest path. Decides what a failure
 * means for the job: retry later (transient), stop now (token, permanent), or nothing to do.
 */
import { Injectable, Logger } from '@nestjs/common';
import { validateEvent } from '@leadboard/contracts';
import { metaLeadToEvent } from '@leadboard/domain';
import {
  EventIngestor,
  META_TOKEN_REFUSED,
  MetaGraphClient,
  MetaGraphError,
  MetaSourceStore,
  SecretUnreadableError,
  SecretsKeyMissingError,
  SourceActivity,
  type MetaLeadFetchJob,
} from '@leadboard/server';
import { UnrecoverableError } from 'bullmq';

export type FetchOutcome = 'queued' | 'source_deleted';

@Injectable()
export class MetaLeadFetcher {
  private readonly logger = new Logger(MetaLeadFetcher.name);

  constructor(
    private readonly store: MetaSourceStore,
    private readonly graph: MetaGraphClient,
    private readonly ingestor: EventIngestor,
    private readonly activity: SourceActivity,
  ) {}

  /**
   * Throws UnrecoverableError when retrying cannot help (BullMQ then fails the job at once), any
   * other error to be retried with backoff. `lastAttempt` lets a transient failure that ends the
   * tries leave a trace on the source.
   */
  async fetch(job: MetaLeadFetchJob, lastAttempt: boolean): Promise<FetchOutcome> {
    const source = { kind: 'meta' as const, id: job.sourceId };
    let target;
    try {
      target = await this.store.fetchTarget(job.tenantId, job.sourceId);
    } catch (err) {
      if (!(err instanceof SecretsKeyMissingError || err instanceof SecretUnreadableError)) throw err;
      const why = err instanceof SecretsKeyMissingError ? 'SECRETS_KEY is not set on the worker' : 'the stored secrets do not decrypt (SECRETS_KEY changed?)';
      await this.activity.recordError(job.tenantId, source, `lead ${job.leadgenId} not fetched: ${why}`);
      throw new UnrecoverableError(`lead ${job.leadgenId} not fetched: ${why}`);
    }
    if (!target) {
      this.logger.log(`Meta source ${job.sourceId} was deleted; lead ${job.leadgenId} is not fetched`);
      return 'source_deleted';
    }

    let lead;
    try {
      lead = await this.graph.fetchLead(job.leadgenId, target.pageAccessToken, target.appSecret);
    } catch (err) {
      if (!(err instanceof MetaGraphError)) throw err;
      if (err.kind === 'token') {
        await this.store.setTokenError(job.tenantId, job.sourceId, { code: err.code ?? 190, message: err.message });
        await this.activity.recordError(job.tenantId, source, `${META_TOKEN_REFUSED}: ${err.message}`);
        throw new UnrecoverableError(`${META_TOKEN_REFUSED}: ${err.message}`);
      }
      if (err.kind === 'permanent') {
        await this.activity.recordError(job.tenantId, source, `lead ${job.leadgenId} could not be read: ${err.message}`);
        throw new UnrecoverableError(`lead ${job.leadgenId} could not be read: ${err.message}`);
      }
      if (lastAttempt) await this.activity.recordError(job.tenantId, source, `lead ${job.leadgenId} not fetched after every retry: ${err.message}`);
      throw err;
    }
    await this.store.clearTokenError(job.tenantId, job.sourceId);

    const input = metaLeadToEvent(lead, job, { defaultCampaignId: target.defaultCampaignId, forms: target.forms }, job.receivedAt);
    const { event, errors } = validateEvent(input, 0);
    if (!event) {
      // Paths and messages only: the values are the lead's personal data.
      const what = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      await this.activity.recordError(job.tenantId, source, `lead ${job.leadgenId} is not a valid event: ${what}`);
      throw new UnrecoverableError(`lead ${job.leadgenId} is not a valid event: ${what}`);
    }
    // QueueUnavailableError is thrown on: the job is retried with backoff like any transient failure.
    await this.ingestor.enqueue(job.tenantId, [event], { source });
    return 'queued';
  }
}
