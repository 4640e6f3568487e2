/**
 * Priority kept current as events arrive: after a set wrote its leads, their priority, hotness and
 * reasons are computed again from their new state (LeadPriorityRefresher: one SELECT and one UPDATE
 * for the whole set), in the same transaction. Time alone moves them too: PriorityDecay.
 */
import { Injectable } from '@nestjs/common';
import { LeadPriorityRefresher } from '@leadboard/server';
import type { AfterLeadsWritten, LeadsWrittenContext } from '../events/event-applier';

@Injectable()
export class PriorityStep implements AfterLeadsWritten {
  readonly name = 'priority';

  async run({ m, tenantId, leads }: LeadsWrittenContext): Promise<void> {
    await new LeadPriorityRefresher(m).refreshLeads(tenantId, leads.map((l) => l.id));
  }
}
