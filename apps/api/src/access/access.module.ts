import { Module } from '@nestjs/common';
import { ACCOUNT_ADMIN_PROVIDER } from './account-admin.provider';
import { KeysAdminController } from './keys-admin.controller';
import { SecurityAuditController } from './security-audit.controller';
import { UsersAdminController } from './users-admin.controller';

/** Administration of users and keys, and the security audit trail (admins). */
@Module({
  controllers: [UsersAdminController, KeysAdminController, SecurityAuditController],
  providers: [ACCOUNT_ADMIN_PROVIDER],
})
export class AccessModule {}
