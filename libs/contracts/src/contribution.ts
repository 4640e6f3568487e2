/**
 * `GET /api/v1/campaigns/{id}/contribution?window=today|7d|30d` (contract, "Priority, accounts,
 * contribution, what-if"): who made the campaign's successes, per operator. Each transition is credited
 * to the operator of the call that caused it (docs/DOMAIN.md, "Contribution").
 */
import { z } from 'zod';
import { countSchema, rateSchema, timestampSchema } from './shapes';
import { senioritySchema } from './vocabulary-schemas';
import { CONTRIBUTION_WINDOWS } from './contribution-vocabulary';


export const contributionQuerySchema = z.object({
  window: z.enum(CONTRIBUTION_WINDOWS, { error: `must be one of ${CONTRIBUTION_WINDOWS.join(', ')}` }).default('today'),
});
export type ContributionQuery = z.output<typeof contributionQuerySchema>;

export const operatorContributionSchema = z
  .object({
    operatorId: z.string(),
    /** The operator's full name; null for wall-screen tokens (they get `displayName` only). */
    name: z.string().nullable(),
    /** First name and the initial of the last one ("Giulia R."), safe for a wall screen. */
    displayName: z.string(),
    seniority: senioritySchema,
    /** Calls the operator made in the window, whatever their outcome. */
    calls: countSchema,
    /** Leads the operator reached (a contact disposition) in the window. */
    contacts: countSchema,
    /** Leads the operator's calls moved into prospect or beyond from below it. */
    qualified: countSchema,
    /** Leads the operator's calls moved into opportunity or beyond from below it. */
    opportunities: countSchema,
    /** Leads the operator's calls closed (→ customer). */
    closed: countSchema,
    /** Prospects and opportunities the operator owns now (their pipeline). */
    prospectsOwned: countSchema,
    /** Juniors: qualified ÷ contacts; null for seniors or without contacts. */
    qualificationRate: rateSchema,
    /** Seniors: closed ÷ (closed + prospectsOwned); null for juniors or with nothing owned or closed. */
    closeRate: rateSchema,
  })
  .meta({ id: 'OperatorContribution' });
export type OperatorContribution = z.output<typeof operatorContributionSchema>;

export const contributionSchema = z
  .object({
    campaignId: z.string(),
    window: z.enum(CONTRIBUTION_WINDOWS),
    /** Start of the window: midnight in the campaign's time zone for `today`, now − 7 / 30 days otherwise. */
    from: timestampSchema,
    asOf: timestampSchema,
    /** Most closed first, then most qualified, then most contacts, then by operator id. */
    operators: z.array(operatorContributionSchema),
  })
  .meta({ id: 'Contribution' });
export type Contribution = z.output<typeof contributionSchema>;
