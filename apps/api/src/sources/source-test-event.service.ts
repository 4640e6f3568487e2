/**
 * "Send a test event" on the Sources page: one realistic call outcome, built the way the source
 * builds its own and queued through the one ingest path (`EventIngestor`) under that source, so the
 * page then shows it as the source's last event. It goes to the campaign `leadboard-test`, never to
 * a real campaign, and names no operator (none is created).
 *
 * - `api`: the JSON body an integrator would POST to `/api/v1/events`, validated by the same schema.
 * - `vicidial`: the parameters VICIdial would put in the Dispo Call URL, handed to the VICIdial
 *   integration's own intake (its translation with the tenant's settings, then the ingest path);
 *   the worker maps the code with the tenant's disposition table, as for a real call.
 */
import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  SOURCE_TEST_CAMPAIGN_ID,
  validateIngestBody,
  type IngestEvent,
  type SourceTestEventResult,
  type TestEventKind,
  type VicidialParams,
} from '@leadboard/contracts';
import { EventIngestor } from '@leadboard/server';
import { VicidialIntake } from '../integrations/vicidial/vicidial-intake.service';

/** A no-answer: realistic for both sources, and it moves no lead along the funnel. */
const API_TEST_DISPOSITION = 'NO_ANSWER';
/** VICIdial's own code for it (NO_ANSWER in the built-in table). */
const VICIDIAL_TEST_DISPOSITION = 'NA';

@Injectable()
export class SourceTestEventService {
  constructor(
    private readonly ingest: EventIngestor,
    private readonly vicidial: VicidialIntake,
  ) {}

  async send(tenantId: string, kind: TestEventKind, now = new Date()): Promise<SourceTestEventResult> {
    const run = randomUUID();
    const leadId = `leadboard-test-${run.slice(0, 8)}`;
    let eventId: string;
    if (kind === 'api') {
      const event = this.apiEvent(run, leadId, now);
      await this.ingest.enqueue(tenantId, [event], { source: { kind: 'api' } });
      eventId = event.eventId;
    } else {
      // the intake answers what VICIdial logs: `OK <eventId>` (contract, "Integrations: VICIdial")
      const answer = await this.vicidial.accept(tenantId, 'dispo', this.vicidialParams(run, leadId, now));
      eventId = answer.replace(/^OK /, '');
    }
    return {
      kind,
      eventId,
      campaignId: SOURCE_TEST_CAMPAIGN_ID,
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

  /** What VICIdial's Dispo Call URL would carry for an agent's "no answer" (ids shaped like the dialer's; `epoch` given). */
  private vicidialParams(run: string, leadId: string, now: Date): VicidialParams {
    const epoch = Math.floor(now.getTime() / 1000);
    const digits = parseInt(run.replace(/-/g, '').slice(0, 8), 16);
    return {
      lead_id: leadId,
      campaign: SOURCE_TEST_CAMPAIGN_ID,
      dispo: VICIDIAL_TEST_DISPOSITION,
      talk_time: '0',
      uniqueid: `${epoch}.${digits % 1_000_000}`,
      agent_log_id: String(digits),
      epoch: String(epoch),
      call_notes: 'Leadboard test event (Sources page)',
    };
  }
}
