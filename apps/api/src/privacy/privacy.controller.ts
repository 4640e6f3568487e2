import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { apiErrorSchema, idSchema, leadErasureSchema, privacySettingsSchema, type LeadErasure as LeadErasureReport, type PrivacySettings } from '@leadboard/contracts';
import { ErasureIncompleteError, LeadErasure, SecurityAuditLog } from '@leadboard/server';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

const RETRY_AFTER_SECONDS = 5;

/** Erasure of a lead's personal data, and the tenant's retention (admins). */
@Controller('api/v1')
@Auth(['user'], ['admin'])
@ApiTags('Privacy')
export class PrivacyController {
  constructor(
    private readonly erasure: LeadErasure,
    private readonly ds: DataSource,
    private readonly audit: SecurityAuditLog,
  ) {}

  /**
   * Removes the lead's name, phone, e-mail, attributes and notes wherever they are kept, keeping the
   * facts (the funnel does not change). 404 for an unknown lead (or another tenant's); 503 when the
   * queue could not be reached — the database part is done, and erasing again finishes it.
   */
  @Post('leads/:id/erase')
  @HttpCode(200)
  @ApiDoc({
    summary: "Erase a lead's personal data wherever it is kept; the facts (stages, calls, counts) stay",
    description:
      'Name, phone, e-mail, attributes and free-text notes go from every store (lead rows, stored events, dead letters, audit trail, ' +
      'queued jobs); the funnel and every figure stay as they were, and later events for the lead stay erased. `stores` says what ' +
      'changed where. Erasing again is safe.',
    response: leadErasureSchema,
    errors: {
      404: "No store knows the lead (another tenant's is unknown).",
      503: {
        schema: apiErrorSchema,
        description: 'The queue could not be reached: the database part is done; erase again to finish.',
        headers: { 'Retry-After': 'seconds to wait' },
      },
    },
  })
  async erase(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) leadId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LeadErasureReport> {
    const actor = { kind: 'user' as const, id: p.kind === 'user' ? p.userId : null, ip: req.ip ?? null };
    try {
      const done = await this.erasure.erase(p.tenantId, [leadId], actor);
      if (!done.found) throw new NotFoundException(`lead ${leadId} not found`);
      return { leadId, erasedAt: done.erasedAt, stores: done.stores };
    } catch (err) {
      if (err instanceof ErasureIncompleteError) {
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableException(err.message);
      }
      throw err;
    }
  }

  @Get('admin/privacy')
  @ApiDoc({ summary: "The tenant's retention: months after which an untouched lead loses its personal data (`null`: kept)", response: privacySettingsSchema })
  async settings(@CurrentPrincipal() p: Principal): Promise<PrivacySettings> {
    const [row] = (await this.ds.query(`SELECT retention_months FROM tenants WHERE id = $1`, [p.tenantId])) as { retention_months: number | null }[];
    return { retentionMonths: row?.retention_months ?? null };
  }

  /** `{retentionMonths}`: leads untouched that long lose their personal data on the worker's next run; null keeps it. */
  @Put('admin/privacy')
  @ApiDoc({
    summary: "Set the tenant's retention (`retentionMonths`, 1 to 120, or `null` to keep personal data until erased by hand)",
    description: 'Leads with no event for that long lose their personal data, as with an erasure, on the worker\'s schedule.',
    response: privacySettingsSchema,
  })
  async update(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body(new ZodBody(privacySettingsSchema)) body: PrivacySettings): Promise<PrivacySettings> {
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE tenants SET retention_months = $2 WHERE id = $1`, [p.tenantId, body.retentionMonths]);
      await this.audit.recordNow(
        {
          tenantId: p.tenantId,
          event: 'privacy.updated',
          actor: { kind: 'user', id: p.kind === 'user' ? p.userId : null },
          ip: req.ip ?? null,
          detail: { retentionMonths: body.retentionMonths },
        },
        m,
      );
    });
    return { retentionMonths: body.retentionMonths };
  }
}
