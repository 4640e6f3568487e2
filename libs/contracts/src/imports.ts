/**
 * CSV list imports (contract.md, v1 additions, "Imports: CSV lists"): the upload's query, the
 * column mapping, the import view, the preview answer and the live `import` message. The API
 * validates with these schemas, the worker fills the view, the dashboard reads it. The constants
 * (states, fields, limits) are in sources-vocabulary.ts, which the dashboard may import.
 */
import { z } from 'zod';
import { LEAD_SOURCES } from './dispositions';
import { idSchema } from './events';
import { timestampSchema } from './shapes';
import { IMPORT_DELIMITERS, IMPORT_ENCODINGS, IMPORT_FIELDS, IMPORT_LAYOUTS, IMPORT_STATES, MAX_IMPORT_ERRORS_SHOWN } from './sources-vocabulary';

/** `{ "<column header or 0-based index>": field }`; overrides the detected mapping for those columns. */
export const importMappingSchema = z.record(
  z.string().min(1).max(256),
  z.enum(IMPORT_FIELDS, { error: `must be one of ${IMPORT_FIELDS.join(', ')}` }),
);
export type ImportMapping = z.output<typeof importMappingSchema>;

const leadSourceParamSchema = z
  .enum(LEAD_SOURCES, { error: `must be one of ${LEAD_SOURCES.join(', ')}` })
  .default('purchased_list')
  .meta({ description: "The leads' source." });

/** The upload's (and the preview's) query string; `mapping` travels as JSON text. */
export const importUploadQuerySchema = z.object({
  campaignId: idSchema.meta({ description: 'The campaign the leads go to (created on first sight, like ingest).' }),
  source: leadSourceParamSchema,
  /** The file's name, for a raw `text/csv` body (a multipart upload carries its own). */
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .optional()
    .meta({ description: 'A name to show for a raw body (a multipart upload carries its own).' }),
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
    })
    .meta({
      description: `JSON \`{"<column header or 0-based index>": "<field>"}\` correcting the detected mapping; fields: ${IMPORT_FIELDS.join(', ')}.`,
    }),
});
export type ImportUploadQuery = z.output<typeof importUploadQuerySchema>;

export const importAcceptedSchema = z
  .object({
    importId: z.string(),
    /** True when the same file (same SHA-256, tenant and campaign) was already imported: its import is answered, nothing new is done. */
    existing: z.boolean(),
  })
  .meta({ id: 'ImportAccepted' });
export type ImportAccepted = z.output<typeof importAcceptedSchema>;

export const importRowErrorSchema = z
  .object({
    /** 1-based data row number, as a spreadsheet shows it (the header row, when present, is row 1). */
    row: z.number().int(),
    column: z.string().nullish(),
    message: z.string(),
  })
  .meta({ id: 'ImportRowError' });
export type ImportRowError = z.output<typeof importRowErrorSchema>;

const importSummaryShape = {
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
  createdAt: timestampSchema,
  startedAt: timestampSchema.nullable(),
  finishedAt: timestampSchema.nullable(),
};
/** An import as listed (and as the live `import` message carries it). */
export const importSummarySchema = z.object(importSummaryShape).meta({ id: 'ImportSummary' });
export type ImportSummary = z.output<typeof importSummarySchema>;

/** One import, with the reasons of its first rejected rows (`rejected.csv` has them all). */
export const importViewSchema = z
  .object({
    ...importSummaryShape,
    /** The first `MAX_IMPORT_ERRORS_SHOWN` rejected rows, in row order. */
    errors: z.array(importRowErrorSchema).max(MAX_IMPORT_ERRORS_SHOWN),
  })
  .meta({ id: 'Import' });
export type ImportView = z.output<typeof importViewSchema>;

/** The tenant's latest 100 imports, newest first. */
export const importListSchema = z.object({ imports: z.array(importSummarySchema) }).meta({ id: 'ImportList' });
export type ImportList = z.output<typeof importListSchema>;

export const importPreviewColumnSchema = z
  .object({
    index: z.number().int(),
    /** The header text; null for a file without a header row. */
    header: z.string().nullable(),
    /** The detected (or VICIdial layout) field; null means the column goes into `attributes`. */
    field: z.enum(IMPORT_FIELDS).nullable(),
  })
  .meta({ id: 'ImportPreviewColumn' });
export type ImportPreviewColumn = z.output<typeof importPreviewColumnSchema>;

/** What the import would detect in a file's first 64 KB. */
export const importPreviewSchema = z
  .object({
    encoding: z.enum(IMPORT_ENCODINGS),
    delimiter: z.enum(IMPORT_DELIMITERS),
    hasHeader: z.boolean(),
    layout: z.enum(IMPORT_LAYOUTS),
    columns: z.array(importPreviewColumnSchema),
    /** The first data rows (after the header), as parsed. */
    rows: z.array(z.array(z.string())),
  })
  .meta({ id: 'ImportPreview' });
export type ImportPreview = z.output<typeof importPreviewSchema>;

/** Live `import` message, pushed to the tenant's room while an import runs (throttled) and when it ends. */
export type ImportProgressMessage = ImportSummary;
