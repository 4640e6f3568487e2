/**
 * CSV list imports: upload (streamed into PostgreSQL, imported by the worker), preview, status,
 * list, and the rejected rows as a CSV file.
 */
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  apiErrorSchema,
  importAcceptedSchema,
  importListSchema,
  importPreviewSchema,
  importUploadQuerySchema,
  importViewSchema,
  type ImportAccepted,
  type ImportList,
  type ImportPreview,
  type ImportUploadQuery,
  type ImportView,
} from '@leadboard/contracts';
import { APP_CONFIG, ImportRepository, QUEUE_RETRY_AFTER_SECONDS, QueueUnavailableError, type AppConfig } from '@leadboard/server';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags, type ContentDoc } from '../openapi/api-doc.decorator';
import { ImportPreviewService } from './import-preview.service';
import { ImportUploadService } from './import-upload.service';
import { UTF8_BOM, rejectedHeaderLine, rejectedRowLine } from './rejected-csv';
import { discardBody, openUploadBody, type UploadBody } from './upload-body';

const previewQuerySchema = importUploadQuerySchema.pick({ mapping: true });
const uuid = z.uuid();

/** Multipart bodies carry boundaries and headers around the file: this much slack before a 413 on Content-Length alone. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/** The file, raw or as the `file` field of a form (what `openUploadBody` reads). */
const FILE_BODY: ContentDoc[] = [
  {
    contentType: 'text/csv',
    schema: z.string().meta({ contentMediaType: 'text/csv' }),
    description:
      'The file as the body: `text/csv` (also `text/plain`, `application/csv`, `application/vnd.ms-excel`, `text/tab-separated-values`, ' +
      '`application/octet-stream` or no type), or as the `file` field of a `multipart/form-data` body. UTF-8 (with or without BOM) or ' +
      'Windows-1252; delimiter `;` `,` tab or `|`; a header row in Italian, French or English, or VICIdial\'s 25-column list layout.',
  },
  { contentType: 'multipart/form-data', schema: z.object({ file: z.string().meta({ contentMediaType: 'text/csv', description: 'The CSV file (other fields are ignored).' }) }) },
];
const NOT_TEXT = 'The file is not text (a spreadsheet, an archive, UTF-16…: export it as CSV), or the body is neither CSV nor multipart.';
const NOT_FOUND = { 404: "Unknown import (another tenant's is unknown)." };

@Controller('api/v1/imports')
@ApiTags('Imports (CSV)')
export class ImportsController {
  constructor(
    private readonly uploads: ImportUploadService,
    private readonly previews: ImportPreviewService,
    private readonly imports: ImportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The file as a `text/csv` body or the `file` field of a multipart body; `202 {importId}` once it is stored and queued. */
  @Post()
  @HttpCode(202)
  @Auth(['user', 'ingest'], ['manager', 'admin'])
  @ApiDoc({
    summary: 'Upload a list file (CSV): answered once it is stored and its import queued; a worker imports it',
    description:
      'Each row becomes a `lead.created` (`eventId = csv:<sha256 of the file>:<row>`); a row with neither a valid phone nor an e-mail is ' +
      'rejected with its reason, the rest of the file is imported. Follow it with `GET /api/v1/imports/{id}` or the live `import` ' +
      'messages. The same file for the same campaign is one import: uploading it again answers that import with `existing: true` and ' +
      'does nothing (unless it failed). The upload is one transaction: a refusal leaves nothing behind. See docs/integrations/csv-imports.md.',
    body: FILE_BODY,
    response: importAcceptedSchema,
    errors: {
      400: 'A bad `campaignId`, `source`, `mapping` or `fileName` (`errors` names each), an empty file, or a multipart body that is malformed or has no `file` field; nothing was kept.',
      413: 'The file is over `IMPORT_MAX_BYTES` (200 MB unless set): refused from `Content-Length`, or as soon as the body passes it; nothing was kept.',
      415: NOT_TEXT,
      503: { schema: apiErrorSchema, description: 'The import queue cannot take the job now; nothing was kept: upload the file again.', headers: { 'Retry-After': 'seconds to wait' } },
    },
  })
  async upload(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodBody(importUploadQuerySchema)) query: ImportUploadQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportAccepted> {
    try {
      this.refuseDeclaredSize(req);
      return await this.uploads.upload(p.tenantId, query, await openUploadBody(req, this.config.importMaxBytes));
    } catch (err) {
      discardBody(req, res);
      if (err instanceof QueueUnavailableError) {
        res.setHeader('Retry-After', String(QUEUE_RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableException('the import queue is unavailable; nothing was kept, upload the file again later');
      }
      throw err;
    }
  }

  /** Reads only the first 64 KB; answers what the import would detect. Nothing is stored. */
  @Post('preview')
  @HttpCode(200)
  @Auth(['user', 'ingest'], ['manager', 'admin'])
  @ApiDoc({
    summary: "What an import would detect in a file's first 64 KB (encoding, delimiter, header, layout, each column's field); nothing is stored",
    description: 'Same body forms as the upload; send only the start of a big file (the rest is read and dropped). `rows` are the first 10 data rows.',
    body: FILE_BODY,
    response: importPreviewSchema,
    errors: {
      400: 'A bad `mapping`, or one naming a column the file does not have; an empty file; a multipart body that is malformed or has no `file` field.',
      415: NOT_TEXT,
    },
  })
  async preview(
    @Query(new ZodBody(previewQuerySchema)) query: z.output<typeof previewQuerySchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportPreview> {
    let body: UploadBody | null = null;
    try {
      body = await openUploadBody(req, this.config.importMaxBytes);
      return await this.previews.preview(body, query.mapping);
    } finally {
      // The rest of the file is not needed.
      discardBody(req, res);
    }
  }

  /** The tenant's imports, newest first (the latest 100). */
  @Get()
  @Auth(['user', 'ingest'])
  @ApiDoc({ summary: "The tenant's latest 100 imports, newest first", response: importListSchema })
  async list(@CurrentPrincipal() p: Principal): Promise<ImportList> {
    return { imports: await this.imports.list(p.tenantId) };
  }

  @Get(':id')
  @Auth(['user', 'ingest'])
  @ApiDoc({
    summary: 'One import: its state, counts, and the reasons of its first 1,000 rejected rows',
    description: '`encoding`, `delimiter` and `layout` are null until the job starts; once `done`, `rowsAccepted + rowsRejected = rowsRead`.',
    response: importViewSchema,
    errors: NOT_FOUND,
  })
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ImportView> {
    const view = uuid.safeParse(id).success ? await this.imports.view(p.tenantId, id) : null;
    if (!view) throw new NotFoundException(`import ${id} not found`);
    return view;
  }

  /** The rejected rows with their row number and reason, streamed page by page. */
  @Get(':id/rejected.csv')
  @Auth(['user', 'ingest'])
  @ApiDoc({
    summary: "An import's rejected rows as CSV, with their row number and reason",
    description:
      'The rows as they were, in the file\'s own delimiter, UTF-8 with a BOM, after the file\'s header when it had one, with two more ' +
      'columns: `rejected_row` and `rejected_reason` (`<column>: <message>`).',
    response: {
      contentType: 'text/csv',
      schema: z.string(),
      description: 'A CSV file (`attachment; filename="rejected-<id>.csv"`).',
      headers: { 'Content-Disposition': '`attachment; filename="rejected-<id>.csv"`' },
    },
    errors: NOT_FOUND,
  })
  async rejected(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const shape = uuid.safeParse(id).success ? await this.imports.shape(p.tenantId, id) : null;
    if (!shape) throw new NotFoundException(`import ${id} not found`);
    const delimiter = shape.delimiter ?? ';';
    const width = shape.header?.length ?? 0;
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="rejected-${id}.csv"`);
    res.write(UTF8_BOM + rejectedHeaderLine(shape.header, delimiter));
    let page = '';
    for await (const row of this.imports.rejectedRows(id)) {
      page += rejectedRowLine(row, width, delimiter);
      if (page.length >= 64 * 1024) {
        if (!res.write(page)) await new Promise((resolve) => res.once('drain', resolve));
        page = '';
      }
    }
    res.end(page);
  }

  /** A raw body announcing more than the limit is refused before a byte is stored. */
  private refuseDeclaredSize(req: Request): void {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
    if (Number.isFinite(declared) && declared > this.config.importMaxBytes + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)) {
      throw new PayloadTooLargeException(`the file is larger than ${this.config.importMaxBytes} bytes (IMPORT_MAX_BYTES); nothing was kept`);
    }
  }
}
