/**
 * zod schemas of the vocabulary (stages, dispositions, sources, operator states, roles), kept apart
 * from the constants in stages.ts and dispositions.ts: the dashboard reads those constants, and a
 * module it reads must build no zod schema at load time, or the whole of zod lands in its bundle.
 */
import { z } from 'zod';
import { CANONICAL_DISPOSITIONS, LEAD_SOURCES, OPERATOR_STATES, ROLES, SENIORITIES } from './dispositions';
import { countsSchema } from './shapes';
import { FUNNEL_STAGES, STAGES } from './stages';

export const stageSchema = z.enum(STAGES).meta({ id: 'Stage' });

/** Leads per stage (the current distribution, or transitions into each stage). */
export const stageCountsSchema = countsSchema(STAGES).meta({ id: 'StageCounts' });
/** Leads that reached each funnel stage (domain rule 5). */
export const funnelCountsSchema = countsSchema(FUNNEL_STAGES).meta({ id: 'FunnelCounts' });

export const dispositionSchema = z.enum([...CANONICAL_DISPOSITIONS, 'OTHER']).meta({ id: 'Disposition' });
export const leadSourceValueSchema = z.enum(LEAD_SOURCES).meta({ id: 'LeadSource' });
export const operatorStateValueSchema = z.enum(OPERATOR_STATES).meta({ id: 'OperatorState' });
export const senioritySchema = z.enum(SENIORITIES).meta({ id: 'Seniority' });
export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });
