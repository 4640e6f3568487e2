/**
 * A tenant's disposition mappings (contract, "Integrations: disposition mappings"). Reading is for
 * every user; changing the table, importing VICIdial's statuses and re-applying are for managers
 * and admins. A change applies to calls received from then on; `reapply` rewrites a campaign's past.
 */
import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  deleteDispositionQuerySchema,
  dispositionCodeSchema,
  putDispositionRequestSchema,
  reapplyDispositionsRequestSchema,
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
import { DispositionsService, ReapplyQueueUnavailable } from './dispositions.service';
import { csvStatusRows, readStatusRows } from './vicidial-status-import';

const importQuerySchema = z.object({
  apply: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true'),
});

@Controller('api/v1/dispositions')
export class DispositionsController {
  constructor(private readonly dispositions: DispositionsService) {}

  @Get()
  @Auth(['user'])
  table(@CurrentPrincipal() p: Principal): Promise<DispositionTableResponse> {
    return this.dispositions.table(p.tenantId);
  }

  /** `{disposition, campaignId?}`: a canonical disposition (`OTHER` is not one); answers the stored row. */
  @Put(':code')
  @Auth(['user'], ['manager', 'admin'])
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
