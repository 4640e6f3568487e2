/**
 * Erasure of a lead's personal data and the tenant's retention setting (admins). Erasure keeps the
 * anonymous facts — stages, transitions, calls, counters — so the funnel and every figure stay as
 * they were; what goes is the name, phone, e-mail, attributes and free-text notes, wherever kept.
 */
import { z } from 'zod';
import { countSchema, timestampSchema } from './shapes';

/** `POST /api/v1/leads/{id}/erase`: what each store erased (rows or jobs changed). */
export const leadErasureSchema = z
  .object({
    leadId: z.string(),
    erasedAt: timestampSchema,
    /** Per store (`leads`, `events`, `dead_letters`, `audit_log`, `queue:events`, …): items changed. */
    stores: z.record(z.string(), countSchema),
  })
  .meta({ id: 'LeadErasure' });
export type LeadErasure = z.output<typeof leadErasureSchema>;

export const MAX_RETENTION_MONTHS = 120;

/**
 * `PUT /api/v1/admin/privacy`: leads untouched (no event) for `retentionMonths` lose their personal
 * data, as with an erasure, on the worker's schedule; `null` keeps it until erased by hand.
 */
export const privacySettingsSchema = z.strictObject(
  {
    retentionMonths: z
      .number({ error: `must be a whole number of months from 1 to ${MAX_RETENTION_MONTHS}, or null` })
      .int({ error: `must be a whole number of months from 1 to ${MAX_RETENTION_MONTHS}, or null` })
      .min(1, { error: `must be a whole number of months from 1 to ${MAX_RETENTION_MONTHS}, or null` })
      .max(MAX_RETENTION_MONTHS, { error: `must be a whole number of months from 1 to ${MAX_RETENTION_MONTHS}, or null` })
      .nullable(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : 'must be an object') },
).meta({ id: 'PrivacySettings' });
export type PrivacySettings = z.output<typeof privacySettingsSchema>;
