import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { loginRequestSchema, loginResponseSchema, whoAmISchema, type LoginResponse, type WhoAmI } from '@leadboard/contracts';
import { TenantEntity } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { Auth, CurrentPrincipal } from './auth.guard';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

@Controller('api/v1')
@ApiTags('Authentication')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly ds: DataSource,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Log in a user (supervisor, manager, admin)',
    description: 'Then send `Authorization: Bearer <accessToken>` until `expiresAt`.',
    response: loginResponseSchema,
    errors: { 401: 'Wrong e-mail or password (the same answer for both).' },
  })
  login(@Body(new ZodBody(loginRequestSchema)) body: { email: string; password: string }): Promise<LoginResponse> {
    return this.auth.login(body);
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
