/**
 * An account's stage and figures, derived from its leads' states (domain page, "B2B: accounts"):
 * `lead` while none of its leads reached `prospect`, `potential` once one did, `customer` from its
 * first won sale. Each lead's contribution is read from its highest rank ever reached, which the
 * funnel rules already make independent of event order and duplicates; the account is a maximum and
 * sums over its leads, so it inherits both properties whatever order its leads' events arrive in.
 */
import { ACCOUNT_STAGES, type AccountCounts, type AccountStage } from '@leadboard/contracts';

/** What an account needs of each of its leads. */
export interface AccountLeadState {
  /** Highest funnel rank the lead ever reached (0 = new … 4 = customer). */
  maxRank: number;
}

export interface AccountFigures {
  stage: AccountStage;
  leads: number;
  /** Leads that reached `prospect`: the CRM's contacts of the company. */
  contacts: number;
  opportunities: number;
  customers: number;
}

const PROSPECT_RANK = 2;
const OPPORTUNITY_RANK = 3;
const CUSTOMER_RANK = 4;

/** The stage one lead alone would give its account. */
export function accountStageOfLead(lead: AccountLeadState): AccountStage {
  if (lead.maxRank >= CUSTOMER_RANK) return 'customer';
  if (lead.maxRank >= PROSPECT_RANK) return 'potential';
  return 'lead';
}

export function accountStageRank(stage: AccountStage): number {
  return ACCOUNT_STAGES.indexOf(stage);
}

export function accountFigures(leads: Iterable<AccountLeadState>): AccountFigures {
  const out: AccountFigures = { stage: 'lead', leads: 0, contacts: 0, opportunities: 0, customers: 0 };
  for (const lead of leads) {
    out.leads += 1;
    if (lead.maxRank >= PROSPECT_RANK) out.contacts += 1;
    if (lead.maxRank >= OPPORTUNITY_RANK) out.opportunities += 1;
    if (lead.maxRank >= CUSTOMER_RANK) out.customers += 1;
    const stage = accountStageOfLead(lead);
    if (accountStageRank(stage) > accountStageRank(out.stage)) out.stage = stage;
  }
  return out;
}

export function emptyAccountCounts(): AccountCounts {
  return { lead: 0, potential: 0, customer: 0 };
}

/** Accounts by stage from the stage of each (the campaign's figure: one per account, never per lead). */
export function countAccounts(stages: Iterable<AccountStage>): AccountCounts {
  const counts = emptyAccountCounts();
  for (const stage of stages) counts[stage] += 1;
  return counts;
}
