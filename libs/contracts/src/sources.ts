/**
 * The Sources page's API: what each source of events did (`GET /api/v1/sources`) and a test event
 * sent through the same path a real one takes (`POST /api/v1/sources/test-event`). Admins only.
 */
import { z } from 'zod';

/** Where events come from: the HTTP API (ingest keys), VICIdial, a Meta Lead Ads source, a CSV import. */
export const SOURCE_KINDS = ['api', 'vicidial', 'meta', 'csv'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How many of a source's latest errors `GET /sources` returns (the server keeps 50). */
export const SOURCE_ERRORS_SHOWN = 10;

export interface SourceErrorView {
  at: string;
  /** What was wrong, in words (no personal data, never a key or a secret). */
  message: string;
}

/** One source: the tenant's HTTP API, VICIdial and CSV imports, and each of its Meta sources. */
export interface SourceHealthView {
  kind: SourceKind;
  /** A Meta source's id; null for the others (a tenant has one of each). */
  id: string | null;
  /** A Meta source's name; null for the others. */
  name: string | null;
  /** When the latest accepted event of this source was queued; null: never. */
  lastEventAt: string | null;
  /** Events accepted since 00:00 UTC (`today` below). */
  eventsToday: number;
  /** Events accepted since the source's first (all days kept). */
  eventsTotal: number;
  /** The latest errors, newest first (at most `SOURCE_ERRORS_SHOWN`). */
  errors: SourceErrorView[];
}

/** `GET /api/v1/sources`: api, vicidial, each Meta source (by name), csv — always in this order. */
export interface SourcesView {
  asOf: string;
  /** The UTC day `eventsToday` counts (YYYY-MM-DD). */
  today: string;
  /** Where an ingest key posts events (`POST`), at the API's public address (`PUBLIC_URL`, else as this request reached it). */
  ingestUrl: string;
  sources: SourceHealthView[];
}

/** Sources that can send a test event from the page (Meta and CSV have their own real paths). */
export const TEST_EVENT_KINDS = ['api', 'vicidial'] as const;
export type TestEventKind = (typeof TEST_EVENT_KINDS)[number];

/**
 * Test events go to this campaign (created on first sight like any other), so the figures of the
 * real campaigns stay clean.
 */
export const SOURCE_TEST_CAMPAIGN_ID = 'leadboard-test';

export const sourceTestEventRequestSchema = z.object({
  kind: z.enum(TEST_EVENT_KINDS, { error: `must be one of ${TEST_EVENT_KINDS.join(', ')}` }),
});
export type SourceTestEventRequest = z.output<typeof sourceTestEventRequestSchema>;

/** `202` of `POST /api/v1/sources/test-event`: the event that was queued. */
export interface SourceTestEventResult {
  kind: TestEventKind;
  eventId: string;
  campaignId: string;
  leadId: string;
  /** The disposition code as the source sent it (VICIdial's own code for `vicidial`). */
  disposition: string;
  queuedAt: string;
}
