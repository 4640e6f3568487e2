import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { loginRequestSchema, type LoginResponse, type WhoAmI } from '@leadboard/contracts';
import { TenantEntity } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { ZodBody } from '../common/zod-body.pipe';
import { Auth, CurrentPrincipal } from './auth.guard';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly ds: DataSource,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  login(@Body(new ZodBody(loginRequestSchema)) body: { email: string; password: string }): Promise<LoginResponse> {
    return this.auth.login(body);
  }

  @Get('me')
  @Auth(['user', 'wall'])
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
