import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { keyCreateSchema, keyPatchSchema, type AccessKeyView, type KeyCreate, type KeyCreated, type KeyPatch } from '@leadboard/contracts';
import { AccountAdmin } from '@leadboard/server';
import type { Request } from 'express';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { answering } from './account-admin.provider';
import { adminActor } from './users-admin.controller';

/** Ingest keys and wall-screen tokens (admins): listed without the secret, created (shown once), expiry, revocation. */
@Controller('api/v1/admin/keys')
@Auth(['user'], ['admin'])
export class KeysAdminController {
  constructor(private readonly accounts: AccountAdmin) {}

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<AccessKeyView[]> {
    return this.accounts.listKeys(p.tenantId);
  }

  @Post()
  create(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body(new ZodBody(keyCreateSchema)) body: KeyCreate): Promise<KeyCreated> {
    return answering(this.accounts.createKey(p.tenantId, body, adminActor(p, req)));
  }

  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string, @Body(new ZodBody(keyPatchSchema)) body: KeyPatch): Promise<AccessKeyView> {
    return answering(this.accounts.updateKey(p.tenantId, id, body, adminActor(p, req)));
  }

  /** Refused from the next request on, in every API process; open live sockets using it are closed. */
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string): Promise<AccessKeyView> {
    return answering(this.accounts.revokeKey(p.tenantId, id, adminActor(p, req)));
  }
}
