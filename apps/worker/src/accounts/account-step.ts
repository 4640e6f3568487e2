/**
 * B2B accounts kept with the leads' transitions (docs/DOMAIN.md, "B2B: accounts"): after a set wrote its
 * leads, their companies are linked to accounts and the accounts' stages derived again from their leads
 * (AccountStages, in sets), in the same transaction. The changes are numbered with the campaign's seq
 * by the engine and pushed as `account` messages after the commit.
 */
import { Injectable } from '@nestjs/common';
import type { LeadCreatedEvent } from '@leadboard/contracts';
import { AccountStages } from '@leadboard/server';
import type { AfterLeadsWritten, AfterLeadsWrittenResult, LeadsWrittenContext } from '../events/event-applier';

@Injectable()
export class AccountStep implements AfterLeadsWritten {
  readonly name = 'accounts';

  async run({ m, tenantId, leads }: LeadsWrittenContext): Promise<AfterLeadsWrittenResult> {
    const created = leads.flatMap((l) => l.fresh.filter((e): e is LeadCreatedEvent => e.type === 'lead.created'));
    const accountChanges = await new AccountStages(m).refresh(
      tenantId,
      leads.map((l) => l.id),
      created,
      new Map(leads.map((l) => [l.id, l.accountId])),
    );
    return { accountChanges };
  }
}
