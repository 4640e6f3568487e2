/**
 * CSV list imports (contract.md, v1 additions, "Imports: CSV lists"): the upload's query, the
 * column mapping, the import view, the preview answer and the live `import` message. The API
 * validates with these schemas, the worker fills the view, the dashboard reads it.
 */
import { z } from 'zod';
import { LEAD_SOURCES } from './dispositions';
import { idSchema } from './events';

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
 * (VICIdial's `phone_code`, e.g. `39`) for numbers written without it; `ignore` drops the column.
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
  'ignore',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** `{ "<column header or 0-based index>": field }`; overrides the detected mapping for those columns. */
export const importMappingSchema = z.record(
  z.string().min(1).max(256),
  z.enum(IMPORT_FIELDS, { error: `must be one of ${IMPORT_FIELDS.join(', ')}` }),
);
export type ImportMapping = z.output<typeof importMappingSchema>;

const leadSourceParamSchema = z
  .enum(LEAD_SOURCES, { error: `must be one of ${LEAD_SOURCES.join(', ')}` })
  .default('purchased_list');

/** The upload's (and the preview's) query string; `mapping` travels as JSON text. */
export const importUploadQuerySchema = z.object({
  campaignId: idSchema,
  source: leadSourceParamSchema,
  /** The file's name, for a raw `text/csv` body (a multipart upload carries its own). */
  fileName: z.string().trim().min(1).max(255).optional(),
  mapping: z
    .string()
    .optional()
    .transform((text, ctx): ImportMapping | undefined => {
      if (text === undefined || text.trim() === '') return undefined;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object {column header or index: field}' });
        return z.NEVER;
      }
      const parsed = importMappingSchema.safeParse(json);
      if (!parsed.success) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a JSON object {column header or index: field}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        });
        return z.NEVER;
      }
      return parsed.data;
    }),
});
export type ImportUploadQuery = z.output<typeof importUploadQuerySchema>;

export const importAcceptedSchema = z.object({
  importId: z.string(),
  /** True when the same file (same SHA-256, tenant and campaign) was already imported: its import is answered, nothing new is done. */
  existing: z.boolean(),
});
export type ImportAccepted = z.output<typeof importAcceptedSchema>;

export const importRowErrorSchema = z.object({
  /** 1-based data row number, as a spreadsheet shows it (the header row, when present, is row 1). */
  row: z.number().int(),
  column: z.string().nullish(),
  message: z.string(),
});
export type ImportRowError = z.output<typeof importRowErrorSchema>;

export const importSummarySchema = z.object({
  id: z.string(),
  state: z.enum(IMPORT_STATES),
  fileName: z.string().nullable(),
  campaignId: z.string(),
  source: z.enum(LEAD_SOURCES),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  /** Detected once the job starts; null while queued. */
  encoding: z.enum(IMPORT_ENCODINGS).nullable(),
  delimiter: z.enum(IMPORT_DELIMITERS).nullable(),
  layout: z.enum(IMPORT_LAYOUTS).nullable(),
  rowsRead: z.number().int(),
  rowsAccepted: z.number().int(),
  rowsRejected: z.number().int(),
  /** Accepted rows whose lead id repeats an earlier row of the file, or whose event was already stored. */
  duplicates: z.number().int(),
  /** Why the import failed (state `failed`), without personal data. */
  failure: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportSummary = z.output<typeof importSummarySchema>;

export const importViewSchema = importSummarySchema.extend({
  /** The first `MAX_IMPORT_ERRORS_SHOWN` rejected rows, in row order. */
  errors: z.array(importRowErrorSchema),
});
export type ImportView = z.output<typeof importViewSchema>;

export const importListSchema = z.object({ imports: z.array(importSummarySchema) });
export type ImportList = z.output<typeof importListSchema>;

export const importPreviewColumnSchema = z.object({
  index: z.number().int(),
  /** The header text; null for a file without a header row. */
  header: z.string().nullable(),
  /** The detected (or VICIdial layout) field; null means the column goes into `attributes`. */
  field: z.enum(IMPORT_FIELDS).nullable(),
});
export type ImportPreviewColumn = z.output<typeof importPreviewColumnSchema>;

export const importPreviewSchema = z.object({
  encoding: z.enum(IMPORT_ENCODINGS),
  delimiter: z.enum(IMPORT_DELIMITERS),
  hasHeader: z.boolean(),
  layout: z.enum(IMPORT_LAYOUTS),
  columns: z.array(importPreviewColumnSchema),
  /** The first data rows (after the header), as parsed. */
  rows: z.array(z.array(z.string())),
});
export type ImportPreview = z.output<typeof importPreviewSchema>;

/** Live `import` message, pushed to the tenant's room while an import runs (throttled) and when it ends. */
export type ImportProgressMessage = ImportSummary;
