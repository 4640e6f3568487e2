/**
 * Constants of the Sources page's features (CSV imports, VICIdial, test events) that the dashboard
 * reads. Like stages.ts and dispositions.ts, this module builds no zod schema: a module the
 * dashboard reads must not, or the whole of zod lands in its bundle. The schemas that use these
 * constants are in imports.ts, vicidial.ts and sources.ts.
 */

/** Default upload limit (`IMPORT_MAX_BYTES`). */
export const DEFAULT_IMPORT_MAX_BYTES = 200 * 1024 * 1024;
/** The view keeps the first rejected rows' reasons; `rejected.csv` has them all. */
export const MAX_IMPORT_ERRORS_SHOWN = 1000;
/** How much of the file the preview reads. */
export const IMPORT_PREVIEW_BYTES = 64 * 1024;
export const IMPORT_PREVIEW_ROWS = 10;

export const IMPORT_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

export const IMPORT_ENCODINGS = ['utf-8', 'utf-8-bom', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export const IMPORT_DELIMITERS = [';', ',', '\t', '|'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

/** `headers`: the first row names the columns; `vicidial`: no header row, VICIdial's standard list order. */
export const IMPORT_LAYOUTS = ['headers', 'vicidial'] as const;
export type ImportLayout = (typeof IMPORT_LAYOUTS)[number];

/**
 * What a column can feed. `leadId` is the row's own id (else one is derived from phone/e-mail);
 * `fullName` is used when there are no first/last names; `phoneCode` is a country calling code
 * (VICIdial's `phone_code`, e.g. `39`) for numbers written without it; `company` and `vatId` fill the lead's company (its B2B account);
 * `ignore` drops the column.
 * Any column not mapped to a field goes into the lead's `attributes` under its header.
 */
export const IMPORT_FIELDS = [
  'leadId',
  'firstName',
  'lastName',
  'fullName',
  'phone',
  'altPhone',
  'phoneCode',
  'email',
  'company',
  'vatId',
  'ignore',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const DEFAULT_VICIDIAL_TIME_ZONE = 'UTC';

/** What stands for the tenant's ingest key in the URLs the API prints (replace it when pasting). */
export const VICIDIAL_KEY_PLACEHOLDER = 'YOUR_INGEST_KEY';

/** Where events come from: the HTTP API (ingest keys), VICIdial, a Meta Lead Ads source, a CSV import. */
export const SOURCE_KINDS = ['api', 'vicidial', 'meta', 'csv'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How many of a source's latest errors `GET /sources` returns (the server keeps 50). */
export const SOURCE_ERRORS_SHOWN = 10;

/** Sources that can send a test event from the page (Meta and CSV have their own real paths). */
export const TEST_EVENT_KINDS = ['api', 'vicidial'] as const;
export type TestEventKind = (typeof TEST_EVENT_KINDS)[number];

/**
 * Test events go to this campaign (created on first sight like any other), so the figures of the
 * real campaigns stay clean.
 */
export const SOURCE_TEST_CAMPAIGN_ID = 'leadboard-test';
