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
import { importUploadQuerySchema, type ImportAccepted, type ImportList, type ImportPreview, type ImportUploadQuery, type ImportView } from '@leadboard/contracts';
import { APP_CONFIG, ImportRepository, QUEUE_RETRY_AFTER_SECONDS, QueueUnavailableError, type AppConfig } from '@leadboard/server';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ImportPreviewService } from './import-preview.service';
import { ImportUploadService } from './import-upload.service';
import { UTF8_BOM, rejectedHeaderLine, rejectedRowLine } from './rejected-csv';
import { discardBody, openUploadBody, type UploadBody } from './upload-body';

const previewQuerySchema = importUploadQuerySchema.pick({ mapping: true });
const uuid = z.uuid();

/** Multipart bodies carry boundaries and headers around the file: this much slack before a 413 on Content-Length alone. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

@Controller('api/v1/imports')
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
  async list(@CurrentPrincipal() p: Principal): Promise<ImportList> {
    return { imports: await this.imports.list(p.tenantId) };
  }

  @Get(':id')
  @Auth(['user', 'ingest'])
  async get(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ImportView> {
    const view = uuid.safeParse(id).success ? await this.imports.view(p.tenantId, id) : null;
    if (!view) throw new NotFoundException(`import ${id} not found`);
    return view;
  }

  /** The rejected rows with their row number and reason, streamed page by page. */
  @Get(':id/rejected.csv')
  @Auth(['user', 'ingest'])
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
