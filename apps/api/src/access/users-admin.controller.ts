import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { userAccountSchema, userCreateSchema, userCreatedSchema, userPatchSchema, type UserAccount, type UserCreate, type UserCreated, type UserPatch } from '@leadboard/contracts';
import { z } from 'zod';
import { AccountAdmin, type AdminActor } from '@leadboard/server';
import type { Request } from 'express';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { answering } from './account-admin.provider';

export function adminActor(p: Principal, req: Request): AdminActor {
  return { kind: 'user', id: p.kind === 'user' ? p.userId : null, ip: req.ip ?? null };
}

/** The tenant's users (admins): list, add (password shown once), change role, disable / enable, end sessions. */
const UNKNOWN_USER = { 404: "Unknown user (another tenant's is unknown)." };

@Controller('api/v1/admin/users')
@Auth(['user'], ['admin'])
@ApiTags('Users and keys')
export class UsersAdminController {
  constructor(private readonly accounts: AccountAdmin) {}

  @Get()
  @ApiDoc({ summary: "The tenant's users, by e-mail", response: z.array(userAccountSchema) })
  list(@CurrentPrincipal() p: Principal): Promise<UserAccount[]> {
    return this.accounts.listUsers(p.tenantId);
  }

  @Post()
  @ApiDoc({
    summary: 'Add a user: the password is generated and answered this once',
    response: userCreatedSchema,
    errors: { 409: 'The e-mail is already used by an account (e-mails are unique across tenants: they are the login).' },
  })
  create(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body(new ZodBody(userCreateSchema)) body: UserCreate): Promise<UserCreated> {
    return answering(this.accounts.createUser(p.tenantId, body, adminActor(p, req)));
  }

  /** `{role?, disabled?}`: takes effect at once, ending the user's sessions and live connections. */
  @Patch(':id')
  @ApiDoc({
    summary: "Change a user's role, or disable / enable them; either ends their sessions at once",
    description: 'Their tokens stop working in every API process and their live connections close; a disabled user cannot log in.',
    response: userAccountSchema,
    errors: { ...UNKNOWN_USER, 422: 'An administrator cannot change or disable their own account (ask another administrator).' },
  })
  update(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string, @Body(new ZodBody(userPatchSchema)) body: UserPatch): Promise<UserAccount> {
    return answering(this.accounts.updateUser(p.tenantId, id, body, adminActor(p, req)));
  }

  @Post(':id/end-sessions')
  @HttpCode(200)
  @ApiDoc({
    summary: "End a user's sessions: every token they hold stops working, their live connections close; they may log in again",
    response: userAccountSchema,
    errors: UNKNOWN_USER,
  })
  endSessions(@CurrentPrincipal() p: Principal, @Req() req: Request, @Param('id') id: string): Promise<UserAccount> {
    return answering(this.accounts.endSessions(p.tenantId, id, adminActor(p, req)));
  }
}
