/**
 * A tenant's disposition mappings (contract, "Integrations: disposition mappings"). Reading is for
 * every user; changing the table, importing VICIdial's statuses and re-applying are for managers
 * and admins. A change applies to calls received from then on; `reapply` rewrites a campaign's past.
 */
import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  apiErrorSchema,
  deleteDispositionQuerySchema,
  dispositionCodeSchema,
  dispositionMappingRowSchema,
  dispositionTableResponseSchema,
  importVicidialResponseSchema,
  putDispositionRequestSchema,
  reapplyDispositionsAcceptedSchema,
  reapplyDispositionsRequestSchema,
  vicidialStatusRowsRejectedSchema,
  vicidialStatusRowsSchema,
  type DispositionMappingRow,
  type DispositionTableResponse,
  type ImportVicidialResponse,
  type PutDispositionRequest,
  type ReapplyDispositionsAccepted,
  type ReapplyDispositionsRequest,
} from '@leadboard/contracts';
import { MAX_BODY_BYTES } from '@leadboard/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { readTextBody } from '../common/raw-body';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { DispositionsService, ReapplyQueueUnavailable } from './dispositions.service';
import { csvStatusRows, readStatusRows } from './vicidial-status-import';

const importQuerySchema = z.object({
  apply: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true')
    .meta({ description: '`true` stores the storable proposals; otherwise nothing is stored.' }),
});

const STATUS_COLUMNS =
  'Columns `status`, `status_name`, `campaign_id` (empty: a system-wide status, for the whole tenant), and the flags `sale`, `dnc`, ' +
  '`customer_contact`, `not_interested`, `unworkable`, `scheduled_callback`, `human_answered`, `answering_machine` as `Y`/`N` ' +
  '(any case; empty or absent is `N`). Extra columns are ignored; 1 to 5,000 rows.';

const REQUEUE = { schema: apiErrorSchema, description: 'The queue cannot take the job now; nothing was queued.', headers: { 'Retry-After': 'seconds to wait' } };

@Controller('api/v1/dispositions')
@ApiTags('Disposition mappings')
export class DispositionsController {
  constructor(private readonly dispositions: DispositionsService) {}

  @Get()
  @Auth(['user'])
  @ApiDoc({
    summary: "The tenant's disposition table (VICIdial's standard codes built in) and the codes still unmapped",
    description:
      'A code is mapped by the first match: the row for the call\'s campaign, the tenant\'s row, a canonical name, a built-in code; ' +
      'anything else is recorded as `OTHER` and listed in `unmapped` (per campaign, with the count and the latest time, at most 500) ' +
      'until a row maps it. A change applies to calls received from then on (`reapply` rewrites a campaign\'s past).',
    response: dispositionTableResponseSchema,
  })
  table(@CurrentPrincipal() p: Principal): Promise<DispositionTableResponse> {
    return this.dispositions.table(p.tenantId);
  }

  /** `{disposition, campaignId?}`: a canonical disposition (`OTHER` is not one); answers the stored row. */
  @Put(':code')
  @Auth(['user'], ['manager', 'admin'])
  @ApiDoc({
    summary: "Map a code to a canonical disposition, for the tenant or one campaign; answers the stored row",
    description:
      'The code is trimmed and upper-cased (matching is case-insensitive). `OTHER` is not a target: it is what "unmapped" means. ' +
      'A row overrides a built-in code or a canonical name; `campaignId` may name a campaign Leadboard has not seen yet.',
    response: dispositionMappingRowSchema,
  })
  put(
    @CurrentPrincipal() p: Principal,
    @Param('code', new ZodBody(dispositionCodeSchema)) code: string,
    @Body(new ZodBody(putDispositionRequestSchema)) body: PutDispositionRequest,
  ): Promise<DispositionMappingRow> {
    return this.dispositions.put(p.tenantId, code, body);
  }

  /** `?campaignId=` removes that campaign's row; without it, the tenant's row. 204, or 404 when there is none. */
  @Delete(':code')
  @HttpCode(204)
  @Auth(['user'], ['manager', 'admin'])
  @ApiDoc({
    summary: "Remove the tenant's row of a code (`?campaignId=`: that campaign's row)",
    errors: { 404: 'No such row (built-in rows cannot be removed: a `PUT` overrides them).' },
  })
  async remove(
    @CurrentPrincipal() p: Principal,
    @Param('code', new ZodBody(dispositionCodeSchema)) code: string,
    @Query(new ZodBody(deleteDispositionQuerySchema)) q: { campaignId?: string },
  ): Promise<void> {
    await this.dispositions.remove(p.tenantId, code, q.campaignId ?? null);
  }

  /** 202 with what was queued: the worker re-maps the campaign's stored calls and refolds their leads. */
  @Post('reapply')
  @HttpCode(202)
  @Auth(['user'], ['manager', 'admin'])
  @ApiDoc({
    summary: "Apply the current table to a campaign's stored calls (queued; the worker re-maps and refolds)",
    description:
      'Answered once the job is queued, with the campaign\'s stored calls and leads. The worker re-maps the calls the table now maps ' +
      'differently, folds their leads again (pushed live as corrections) and recounts the unmapped codes. With an unchanged table ' +
      'it changes nothing.',
    response: reapplyDispositionsAcceptedSchema,
    errors: { 404: 'Unknown campaign (another tenant\'s is unknown).', 503: REQUEUE },
  })
  async reapply(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodBody(reapplyDispositionsRequestSchema)) body: ReapplyDispositionsRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReapplyDispositionsAccepted> {
    try {
      return await this.dispositions.reapply(p.tenantId, body.campaignId);
    } catch (err) {
      if (err instanceof ReapplyQueueUnavailable) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }

  /** JSON (array or `{rows}`) or `text/csv`; proposals only, stored with `?apply=true`. */
  @Post('import-vicidial')
  @HttpCode(200)
  @Auth(['user'], ['manager', 'admin'])
  @ApiDoc({
    summary: "VICIdial's status rows → a proposed mapping from their flags; stored only with `?apply=true`",
    description:
      'The rows of VICIdial\'s `vicidial_campaign_statuses` (or `vicidial_statuses`), as JSON or as CSV with a header line. ' +
      'A standard status keeps its built-in mapping, a canonical name maps to itself, any other status is decided by its first ' +
      'flag that holds (docs/integrations/dispositions.md). With `apply=true` every `storable` proposal is written, replacing a row ' +
      'already there.',
    body: [
      { schema: vicidialStatusRowsSchema, description: STATUS_COLUMNS },
      { contentType: 'text/csv', schema: z.string(), description: 'Or CSV (`text/csv` or `text/plain`; comma, semicolon or tab).' },
    ],
    response: importVicidialResponseSchema,
    errors: {
      400: { schema: vicidialStatusRowsRejectedSchema, description: 'A bad `apply`, a CSV that cannot be read, or bad rows (each named); nothing was stored.' },
      413: 'The body is over 5 MB.',
    },
  })
  async importVicidial(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodBody(importQuerySchema)) q: { apply: boolean },
    @Req() req: Request,
  ): Promise<ImportVicidialResponse> {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    let raw: unknown = req.body;
    if (type.startsWith('text/csv') || type.startsWith('text/plain')) {
      try {
        raw = csvStatusRows(await readTextBody(req, MAX_BODY_BYTES));
      } catch (err) {
        if ((err as { getStatus?: () => number }).getStatus?.() === 413) throw err;
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `the CSV could not be read: ${(err as Error).message}` });
      }
    }
    const reading = readStatusRows(raw);
    if (!reading.ok) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'invalid status rows; nothing was stored', errors: reading.errors });
    return this.dispositions.importVicidial(p.tenantId, reading.rows, q.apply);
  }
}
