/**
 * "Send a test event" on the Sources page: one realistic call outcome, built the way the source
 * builds its own and queued through the one ingest path (`EventIngestor`) under that source, so the
 * page then shows it as the source's last event. It goes to the campaign `leadboard-test`, never to
 * a real campaign, and names no operator (none is created).
 *
 * - `api`: the JSON body an integrator would POST to `/api/v1/events`, validated by the same schema.
 * - `vicidial`: the parameters VICIdial would put in the Dispo Call URL, translated by the
 *   integration's own translation (the tenant's time zone and disposition table applied).
 */
import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_VICIDIAL_TIME_ZONE,
  SOURCE_TEST_CAMPAIGN_ID,
  validateIngestBody,
  type IngestEvent,
  type SourceTestEventResult,
  type TestEventKind,
} from '@leadboard/contracts';
import { translateDispoCall } from '@leadboard/domain';
import { EventIngestor } from '@leadboard/server';

/** A no-answer: realistic for both sources, and it moves no lead along the funnel. */
const API_TEST_DISPOSITION = 'NO_ANSWER';
/** VICIdial's own code for it (NO_ANSWER in the built-in table). */
const VICIDIAL_TEST_DISPOSITION = 'NA';

@Injectable()
export class SourceTestEventService {
  constructor(private readonly ingest: EventIngestor) {}

  async send(tenantId: string, kind: TestEventKind, now = new Date()): Promise<SourceTestEventResult> {
    const run = randomUUID();
    const leadId = `leadboard-test-${run.slice(0, 8)}`;
    const event = kind === 'api' ? this.apiEvent(run, leadId, now) : this.vicidialEvent(run, leadId, now);
    await this.ingest.enqueue(tenantId, [event], { source: { kind } });
    return {
      kind,
      eventId: event.eventId,
      campaignId: event.campaignId ?? SOURCE_TEST_CAMPAIGN_ID,
      leadId,
      disposition: kind === 'api' ? API_TEST_DISPOSITION : VICIDIAL_TEST_DISPOSITION,
      queuedAt: new Date().toISOString(),
    };
  }

  private apiEvent(run: string, leadId: string, now: Date): IngestEvent {
    const body = {
      eventId: `leadboard-test:api:${run}`,
      type: 'call.outcome',
      occurredAt: now.toISOString(),
      campaignId: SOURCE_TEST_CAMPAIGN_ID,
      leadId,
      disposition: API_TEST_DISPOSITION,
      talkSeconds: 0,
      notes: 'Leadboard test event (Sources page)',
    };
    const v = validateIngestBody(body);
    if (!v.ok) throw new BadRequestException(`test event invalid: ${v.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    return v.events[0];
  }

  /**
   * What VICIdial's Dispo Call URL would carry for an agent's "no answer" (ids shaped like the
   * dialer's). With `epoch` given and no callback time, the tenant's time zone changes nothing;
   * the code is mapped by the tenant's table when the worker applies it, as for a real call.
   */
  private vicidialEvent(run: string, leadId: string, now: Date): IngestEvent {
    const epoch = Math.floor(now.getTime() / 1000);
    const digits = parseInt(run.replace(/-/g, '').slice(0, 8), 16);
    const translated = translateDispoCall(
      {
        lead_id: leadId,
        campaign: SOURCE_TEST_CAMPAIGN_ID,
        dispo: VICIDIAL_TEST_DISPOSITION,
        talk_time: '0',
        uniqueid: `${epoch}.${digits % 1_000_000}`,
        agent_log_id: String(digits),
        epoch: String(epoch),
        call_notes: 'Leadboard test event (Sources page)',
      },
      { timeZone: DEFAULT_VICIDIAL_TIME_ZONE, defaultCampaignId: null, receivedAt: now },
    );
    if (!translated.ok || !translated.event) throw new BadRequestException(`test event invalid: ${translated.ok ? 'ignored' : translated.problem}`);
    return translated.event;
  }
}
