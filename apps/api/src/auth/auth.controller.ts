import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { loginRequestSchema, loginResponseSchema, whoAmISchema, type LoginResponse, type WhoAmI } from '@leadboard/contracts';
import { TenantEntity } from '@leadboard/server';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { markAudited } from '../security/security-audit.middleware';
import { Auth, CurrentPrincipal } from './auth.guard';
import { AuthService, LoginThrottledError } from './auth.service';
import type { Principal } from './principal';

@Controller('api/v1')
@ApiTags('Authentication')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly ds: DataSource,
  ) {}

  /** 200 with a token; 401 for a wrong e-mail or password (the same answer, in the same time); 429 after repeated failures. */
  @Post('auth/login')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Log in a user (supervisor, manager, admin)',
    description: 'Then send `Authorization: Bearer <accessToken>` until `expiresAt`.',
    response: loginResponseSchema,
    errors: {
      401: 'Wrong e-mail or password (the same answer for both), or a disabled user.',
      429: 'Too many failed logins from this address or for this e-mail in the window; `Retry-After` says when to try again.',
    },
  })
  async login(
    @Body(new ZodBody(loginRequestSchema)) body: { email: string; password: string },
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    // The login records its own, richer, audit rows (login.failed / login.throttled).
    markAudited(res);
    try {
      return await this.auth.login(body, req.ip ?? 'unknown');
    } catch (err) {
      if (err instanceof LoginThrottledError) {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        throw new HttpException({ statusCode: 429, error: 'Too Many Requests', message: `${err.message}` }, HttpStatus.TOO_MANY_REQUESTS);
      }
      throw err;
    }
  }

  @Get('me')
  @Auth(['user', 'wall'])
  @ApiDoc({ summary: 'Who the token belongs to: a user (tenant, role) or a wall screen (its campaigns)', response: whoAmISchema })
  async me(@CurrentPrincipal() p: Principal): Promise<WhoAmI> {
    const tenant = await this.ds.getRepository(TenantEntity).findOneByOrFail({ id: p.tenantId });
    return {
      kind: p.kind === 'user' ? 'user' : 'wall',
      tenantId: p.tenantId,
      tenantName: tenant.name,
      role: p.kind === 'user' ? p.role : 'wall',
      email: p.kind === 'user' ? p.email : null,
      campaignIds: p.kind === 'wall' ? p.campaignIds : null,
    };
  }
}
