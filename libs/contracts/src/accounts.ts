/**
 * B2B accounts and the what-if of a campaign's qualification rules (contract.md, "Priority, accounts,
 * contribution, what-if"). Company names are not personal data: every shape here may reach a wall
 * screen; the people behind an account's leads never appear in it (lead ids and stages only).
 */
import { z } from 'zod';
import { conversionRatesSchema } from './api';
import { idSchema } from './events';
import { countSchema, countsSchema, timestampSchema } from './shapes';
import { ACCOUNT_STAGES, type AccountStage } from './stages';
import { funnelCountsSchema, stageCountsSchema, stageSchema } from './vocabulary-schemas';

export const accountStageSchema = z.enum(ACCOUNT_STAGES).meta({ id: 'AccountStage' });

/** Accounts by stage: in a campaign's metrics, the accounts having a lead in that campaign. */
export const accountCountsSchema = countsSchema(ACCOUNT_STAGES).meta({ id: 'AccountCounts' });
export type AccountCounts = z.output<typeof accountCountsSchema>;

export const accountSummarySchema = z
  .object({
    accountId: z.string(),
    name: z.string(),
    vatId: z.string().nullable(),
    sector: z.string().nullable(),
    stage: accountStageSchema,
    /** When the account entered its stage (the time of the event that moved its lead). */
    stageSince: timestampSchema.nullable(),
    /** The account's leads (people at the company), in every campaign of the tenant. */
    leads: countSchema,
    /** Leads that became the CRM's contacts: they reached `prospect`. */
    contacts: countSchema,
    /** Leads that reached `opportunity`. */
    opportunities: countSchema,
    /** Leads that bought (`customer`). */
    customers: countSchema,
  })
  .meta({ id: 'AccountSummary' });
export type AccountSummary = z.output<typeof accountSummarySchema>;

export const accountLeadSchema = z
  .object({ leadId: z.string(), campaignId: z.string(), stage: stageSchema, ownerOperatorId: z.string().nullable() })
  .meta({ id: 'AccountLead' });
export type AccountLead = z.output<typeof accountLeadSchema>;

export const accountDetailSchema = accountSummarySchema
  .extend({
    companyId: z.string().nullable(),
    employees: z.number().nullable(),
    revenue: z.number().nullable(),
    /** The account's leads the caller may see (a wall screen: its campaigns only), no personal data. */
    accountLeads: z.array(accountLeadSchema),
  })
  .meta({ id: 'AccountDetail' });
export type AccountDetail = z.output<typeof accountDetailSchema>;

export const accountPageSchema = z
  .object({ items: z.array(accountSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AccountPage' });
export type AccountPage = z.output<typeof accountPageSchema>;

/** `GET /api/v1/accounts` query: the accounts having a lead in `campaignId`, at `stage`. */
export const accountsQuerySchema = z.object({
  campaignId: idSchema.optional(),
  stage: accountStageSchema.optional(),
  cursor: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type AccountsQuery = z.output<typeof accountsQuerySchema>;

/** `account` live message: an account changed stage because one of its leads did (no personal data). */
export interface AccountMessage {
  campaignId: string;
  seq: number;
  accountId: string;
  name: string;
  from: AccountStage | null;
  to: AccountStage;
  at: string;
  /** The lead whose change moved the account. */
  leadId: string;
}

/** `GET /api/v1/campaigns/{id}/what-if` query: the settings to try; each left out keeps the campaign's. */
export const whatIfQuerySchema = z.object({
  qualificationThreshold: z.coerce.number().int().min(1).max(4).optional(),
  maxAttempts: z.coerce.number().int().min(1).max(100).optional(),
});
export type WhatIfQuery = z.output<typeof whatIfQuerySchema>;

export const funnelRulesSchema = z
  .object({ qualificationThreshold: z.number().int(), maxAttempts: z.number().int() })
  .meta({ id: 'FunnelRules' });

export const funnelFiguresSchema = z
  .object({ stages: stageCountsSchema, funnel: funnelCountsSchema, rates: conversionRatesSchema })
  .meta({ id: 'FunnelFigures' });
export type FunnelFigures = z.output<typeof funnelFiguresSchema>;

export const whatIfResultSchema = z
  .object({
    campaignId: z.string(),
    /** The campaign's settings, and the ones tried. */
    rules: z.object({ current: funnelRulesSchema, proposed: funnelRulesSchema }),
    /** The funnel as stored now. */
    current: funnelFiguresSchema,
    /** The campaign's whole history folded again under the proposed settings (nothing stored). */
    proposed: funnelFiguresSchema,
    leads: countSchema,
    events: countSchema,
    asOf: timestampSchema,
  })
  .meta({ id: 'WhatIfResult' });
export type WhatIfResult = z.output<typeof whatIfResultSchema>;
