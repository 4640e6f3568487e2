/**
 * The Sources page's API: what each source of events did (`GET /api/v1/sources`) and a test event
 * sent through the same path a real one takes (`POST /api/v1/sources/test-event`). Admins only.
 * The constants (source kinds, the test campaign) are in sources-vocabulary.ts.
 */
import { z } from 'zod';
import { countSchema, timestampSchema } from './shapes';
import { SOURCE_ERRORS_SHOWN, SOURCE_KINDS, TEST_EVENT_KINDS } from './sources-vocabulary';

export const sourceErrorViewSchema = z
  .object({
    at: timestampSchema,
    /** What was wrong, in words (no personal data, never a key or a secret). */
    message: z.string(),
  })
  .meta({ id: 'SourceError' });
export type SourceErrorView = z.output<typeof sourceErrorViewSchema>;

/** One source: the tenant's HTTP API, VICIdial and CSV imports, and each of its Meta sources. */
export const sourceHealthViewSchema = z
  .object({
    kind: z.enum(SOURCE_KINDS),
    /** A Meta source's id; null for the others (a tenant has one of each). */
    id: z.string().nullable(),
    /** A Meta source's name; null for the others. */
    name: z.string().nullable(),
    /** When the latest accepted event of this source was queued; null: never. */
    lastEventAt: timestampSchema.nullable(),
    /** Events accepted since 00:00 UTC (`today` below). */
    eventsToday: countSchema,
    /** Events accepted since the source's first (all days kept). */
    eventsTotal: countSchema,
    /** The latest errors, newest first (at most `SOURCE_ERRORS_SHOWN`). */
    errors: z.array(sourceErrorViewSchema).max(SOURCE_ERRORS_SHOWN),
  })
  .meta({ id: 'SourceHealth' });
export type SourceHealthView = z.output<typeof sourceHealthViewSchema>;

/** `GET /api/v1/sources`: api, vicidial, each Meta source (by name), csv — always in this order. */
export const sourcesViewSchema = z
  .object({
    asOf: timestampSchema,
    /** The UTC day `eventsToday` counts (YYYY-MM-DD). */
    today: z.iso.date(),
    /** Where an ingest key posts events (`POST`), at the API's public address (`PUBLIC_URL`, else as this request reached it). */
    ingestUrl: z.string(),
    sources: z.array(sourceHealthViewSchema),
  })
  .meta({ id: 'Sources' });
export type SourcesView = z.output<typeof sourcesViewSchema>;

export const sourceTestEventRequestSchema = z
  .object({
    kind: z.enum(TEST_EVENT_KINDS, { error: `must be one of ${TEST_EVENT_KINDS.join(', ')}` }),
  })
  .meta({ id: 'SourceTestEventRequest' });
export type SourceTestEventRequest = z.output<typeof sourceTestEventRequestSchema>;

/** `202` of `POST /api/v1/sources/test-event`: the event that was queued. */
export const sourceTestEventResultSchema = z
  .object({
    kind: z.enum(TEST_EVENT_KINDS),
    eventId: z.string(),
    /** `leadboard-test` (`SOURCE_TEST_CAMPAIGN_ID`): test events never touch a real campaign. */
    campaignId: z.string(),
    leadId: z.string(),
    /** The disposition code as the source sent it (VICIdial's own code for `vicidial`). */
    disposition: z.string(),
    queuedAt: timestampSchema,
  })
  .meta({ id: 'SourceTestEventResult' });
export type SourceTestEventResult = z.output<typeof sourceTestEventResultSchema>;
