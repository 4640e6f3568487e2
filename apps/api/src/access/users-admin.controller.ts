import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { userCreateSchema, userPatchSchema, type UserAccount, type UserCreate, type UserCreated, type UserPatch } from '@leadboard/contracts';
import { AccountAdmin, type AdminActor } from '@leadboard/server';
import type { Request } from 'express';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { answering } from './account-admin.provider';

export function adminActor(p: Principal, req: Request): AdminActor {
  return { kind: 'user', id: p.kind === 'user' ? p.userId : null, ip: req.ip ?? null };
}

/** The tenant's users (admins): list, add (password shown once), change role, disable / enable, end sessions. */
@Controller('api/v1/admin/users')
@Auth(['user'], ['admin'])
export class UsersAdminController {
  constructor(private readonly accounts: AccountAdmin) {}

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<UserAccount[]> {
    return this.accounts.listUsers(p.tenantId);
  }

  @Post()
  create(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body(new ZodBody(userCreateSchema)) body: UserCreate): Promise<UserCreated> {
    return answering(this.accounts.createUser(p.tenantId, body, adminActor(p, req)));
  }

  /** `{role?, disabled?}`: takes effect at once, ending the user's sessions and live connections. */
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string, @Body(new ZodBody(userPatchSchema)) body: UserPatch): Promise<UserAccount> {
    return answering(this.accounts.updateUser(p.tenantId, id, body, adminActor(p, req)));
  }

  @Post(':id/end-sessions')
  @HttpCode(200)
  endSessions(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string): Promise<UserAccount> {
    return answering(this.accounts.endSessions(p.tenantId, id, adminActor(p, req)));
  }
}
