/**
 * From VICIdial's parameters to queued contract events: translate (pure, libs/domain), validate
 * with the contract's schemas (inside the translation), enqueue through the one ingest path, and
 * answer what VICIdial logs. VICIdial never retries: the answer goes back as soon as the event is
 * queued, never after it is applied. A refused request is recorded on the Sources page, in words.
 */
import { BadRequestException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { IngestEvent, VicidialParams } from '@leadboard/contracts';
import { translateAgentEvent, translateDispoCall, translateNoAgentCall, type VicidialContext, type VicidialTranslation } from '@leadboard/domain';
import { EventIngestor, QUEUE_RETRY_AFTER_SECONDS, QueueUnavailableError, SourceActivity } from '@leadboard/server';
import { VicidialSettingsStore } from './vicidial-settings.store';

export type VicidialEndpoint = 'dispo' | 'no-agent' | 'agent-events';

const LABEL: Record<VicidialEndpoint, string> = {
  dispo: 'Dispo Call URL',
  'no-agent': 'No Agent Call URL',
  'agent-events': 'Agent Events Push',
};

const TRANSLATE: Record<VicidialEndpoint, (p: VicidialParams, c: VicidialContext) => VicidialTranslation<IngestEvent>> = {
  dispo: translateDispoCall,
  'no-agent': translateNoAgentCall,
  'agent-events': translateAgentEvent,
};

/** 503 with the seconds VICIdial (or a proxy in front of it) is told to wait. */
export class VicidialQueueUnavailable extends ServiceUnavailableException {
  readonly retryAfterSeconds = QUEUE_RETRY_AFTER_SECONDS;
  constructor() {
    super('the event queue is unavailable; nothing was queued');
  }
}

@Injectable()
export class VicidialIntake {
  constructor(
    private readonly ingestor: EventIngestor,
    private readonly activity: SourceActivity,
    private readonly settings: VicidialSettingsStore,
  ) {}

  /** The text VICIdial logs on success: `OK <eventId>` (or `OK ignored <event>`). Throws the 400/503. */
  async accept(tenantId: string, endpoint: VicidialEndpoint, params: VicidialParams): Promise<string> {
    const { timeZone, defaultCampaignId } = await this.settings.get(tenantId);
    const result = TRANSLATE[endpoint](params, { timeZone, defaultCampaignId, receivedAt: new Date() });
    if (!result.ok) {
      await this.activity.recordError(tenantId, { kind: 'vicidial' }, `${LABEL[endpoint]} refused: ${result.problem}`);
      throw new BadRequestException(result.problem);
    }
    if (result.event === null) return `OK ignored ${result.ignored}`;
    try {
      await this.ingestor.enqueue(tenantId, [result.event], { source: { kind: 'vicidial' } });
    } catch (err) {
      if (err instanceof QueueUnavailableError) throw new VicidialQueueUnavailable();
      throw err;
    }
    return `OK ${result.event.eventId}`;
  }
}
