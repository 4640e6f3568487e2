import { Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';

/** B2B accounts (`/api/v1/accounts`) and the what-if of a campaign's funnel rules. */
@Module({ controllers: [AccountsController], providers: [AccountsService] })
export class AccountsModule {}
