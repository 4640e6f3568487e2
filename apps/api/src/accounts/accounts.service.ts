/** B2B accounts and the what-if of a campaign's funnel rules, for the REST API. */
import { Injectable, NotFoundException } from '@nestjs/common';
import type { AccountDetail, AccountPage, AccountsQuery, WhatIfQuery, WhatIfResult } from '@leadboard/contracts';
import { AccountReader, CampaignWhatIf } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { canSeeCampaign, type Principal } from '../auth/principal';

@Injectable()
export class AccountsService {
  private readonly accounts: AccountReader;
  private readonly whatIfs: CampaignWhatIf;
  /** What-ifs run one at a time per API process: each folds a whole history, and ingest shares this CPU. */
  private whatIfQueue: Promise<unknown> = Promise.resolve();

  constructor(ds: DataSource) {
    this.accounts = new AccountReader(ds);
    this.whatIfs = new CampaignWhatIf(ds);
  }

  /** The campaigns a wall screen is limited to; null when the caller sees the whole tenant. */
  private visible(p: Principal): string[] | null {
    return p.kind === 'wall' ? p.campaignIds : null;
  }

  list(p: Principal, q: AccountsQuery): Promise<AccountPage> {
    if (q.campaignId !== undefined && !canSeeCampaign(p, q.campaignId)) return Promise.resolve({ items: [], nextCursor: null });
    return this.accounts.list(p.tenantId, { ...q, visibleCampaigns: this.visible(p) });
  }

  async detail(p: Principal, accountId: string): Promise<AccountDetail> {
    const account = await this.accounts.detail(p.tenantId, accountId, this.visible(p));
    if (!account) throw new NotFoundException(`account ${accountId} not found`);
    return account;
  }

  whatIf(p: Principal, campaignId: string, q: WhatIfQuery): Promise<WhatIfResult> {
    const run = this.whatIfQueue.then(async () => {
      const result = await this.whatIfs.run(p.tenantId, campaignId, q);
      if (!result) throw new NotFoundException(`campaign ${campaignId} not found`);
      return result;
    });
    this.whatIfQueue = run.catch(() => undefined);
    return run;
  }
}
