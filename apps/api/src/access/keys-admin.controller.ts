import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { accessKeyViewSchema, keyCreateSchema, keyCreatedSchema, keyPatchSchema, type AccessKeyView, type KeyCreate, type KeyCreated, type KeyPatch } from '@leadboard/contracts';
import { z } from 'zod';
import { AccountAdmin } from '@leadboard/server';
import type { Request } from 'express';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { answering } from './account-admin.provider';
import { adminActor } from './users-admin.controller';

/** Ingest keys and wall-screen tokens (admins): listed without the secret, created (shown once), expiry, revocation. */
const UNKNOWN_KEY = { 404: "Unknown key (another tenant's is unknown)." };

@Controller('api/v1/admin/keys')
@Auth(['user'], ['admin'])
@ApiTags('Users and keys')
export class KeysAdminController {
  constructor(private readonly accounts: AccountAdmin) {}

  @Get()
  @ApiDoc({ summary: "The tenant's ingest keys and wall-screen tokens, oldest first, without the keys themselves", response: z.array(accessKeyViewSchema) })
  list(@CurrentPrincipal() p: Principal): Promise<AccessKeyView[]> {
    return this.accounts.listKeys(p.tenantId);
  }

  @Post()
  @ApiDoc({
    summary: 'Create an ingest key or a wall-screen token: the key is answered this once',
    description: 'Only a hash is stored. A wall-screen token may be limited to some campaigns; `expiresAt` must be in the future (`null` or absent: never).',
    response: keyCreatedSchema,
  })
  create(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body(new ZodBody(keyCreateSchema)) body: KeyCreate): Promise<KeyCreated> {
    return answering(this.accounts.createKey(p.tenantId, body, adminActor(p, req)));
  }

  @Patch(':id')
  @ApiDoc({
    summary: "Change a key's label or expiry (`expiresAt: null`: never expires)",
    response: accessKeyViewSchema,
    errors: { ...UNKNOWN_KEY, 409: 'The key is revoked: create a new one.' },
  })
  update(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string, @Body(new ZodBody(keyPatchSchema)) body: KeyPatch): Promise<AccessKeyView> {
    return answering(this.accounts.updateKey(p.tenantId, id, body, adminActor(p, req)));
  }

  /** Refused from the next request on, in every API process; open live sockets using it are closed. */
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Revoke a key: refused from the next request on, in every API process; its open live connections close',
    description: 'Revoking a revoked key answers it as it is.',
    response: accessKeyViewSchema,
    errors: UNKNOWN_KEY,
  })
  revoke(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string): Promise<AccessKeyView> {
    return answering(this.accounts.revokeKey(p.tenantId, id, adminActor(p, req)));
  }
}
