/**
 * Meta Lead Ads sources (contract.md, "v1 additions" → "Integrations: Meta Lead Ads"): the admin's
 * create/patch bodies, what the list shows, and the webhook's notification body. Secrets (the app
 * secret, the page access token) go in and never come out: the list says only whether one is set.
 */
import { z } from 'zod';
import { idSchema } from './events';
import { timestampSchema } from './shapes';

export const MAX_META_SECRET_LENGTH = 4096;
/** A verify token is typed or pasted into Meta's dashboard: printable, no spaces, not too short to guess. */
export const META_VERIFY_TOKEN_PATTERN = /^[\x21-\x7e]{8,256}$/;
/** Meta's object ids (page, form, ad, lead) are decimal digits; kept as strings, they may exceed 2^53. */
export const META_ID_PATTERN = /^[0-9]{1,40}$/;

const nameSchema = z
  .string({ error: 'must be a string of 1 to 128 characters' })
  .trim()
  .min(1, { error: 'must be a string of 1 to 128 characters' })
  .max(128, { error: 'must be a string of 1 to 128 characters' });

const secretSchema = (what: string) =>
  z
    .string({ error: `must be the ${what} (a non-empty string)` })
    .trim()
    .min(1, { error: `must be the ${what} (a non-empty string)` })
    .max(MAX_META_SECRET_LENGTH, { error: `must be at most ${MAX_META_SECRET_LENGTH} characters` });

export const metaVerifyTokenSchema = z
  .string({ error: 'must be 8 to 256 printable characters without spaces' })
  .regex(META_VERIFY_TOKEN_PATTERN, { error: 'must be 8 to 256 printable characters without spaces' });

export const metaIdSchema = z
  .string({ error: 'must be a Meta id (decimal digits, as a string)' })
  .regex(META_ID_PATTERN, { error: 'must be a Meta id (decimal digits, as a string)' });

/** Lead form id → campaign id. Leads of a form not listed go to the source's default campaign. */
export const metaFormMapSchema = z.record(metaIdSchema, idSchema, { error: 'must map form ids to campaign ids' });
export type MetaFormMap = z.output<typeof metaFormMapSchema>;

/** `POST /api/v1/integrations/meta/sources` (admins). */
export const metaSourceCreateSchema = z
  .object({
    name: nameSchema,
    appSecret: secretSchema('app secret'),
    pageAccessToken: secretSchema('page access token'),
    defaultCampaignId: idSchema,
    forms: metaFormMapSchema.optional(),
    /** Generated (random) when not given. */
    verifyToken: metaVerifyTokenSchema.optional(),
  })
  .meta({ id: 'MetaSourceCreate' });
export type MetaSourceCreate = z.output<typeof metaSourceCreateSchema>;
export type MetaSourceCreateInput = z.input<typeof metaSourceCreateSchema>;

/**
 * `PATCH /api/v1/integrations/meta/sources/{id}` (admins): only the fields given change; `forms`
 * replaces the whole map. A new page access token clears the source's token error.
 */
export const metaSourcePatchSchema = z
  .object({
    name: nameSchema.optional(),
    appSecret: secretSchema('app secret').optional(),
    pageAccessToken: secretSchema('page access token').optional(),
    defaultCampaignId: idSchema.optional(),
    forms: metaFormMapSchema.optional(),
    verifyToken: metaVerifyTokenSchema.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { error: 'must change at least one field' })
  .meta({ id: 'MetaSourcePatch' });
export type MetaSourcePatch = z.output<typeof metaSourcePatchSchema>;
export type MetaSourcePatchInput = z.input<typeof metaSourcePatchSchema>;

/** `201` of the create: the URL and verify token to paste into Meta's app dashboard. */
export const metaSourceCreatedSchema = z
  .object({
    id: z.string(),
    webhookUrl: z.string(),
    verifyToken: z.string(),
  })
  .meta({ id: 'MetaSourceCreated' });
export type MetaSourceCreated = z.output<typeof metaSourceCreatedSchema>;

/** The Graph API refused the page access token (code 190, or an OAuth permission error): leads stop until it is replaced. */
export const metaTokenErrorSchema = z
  .object({
    /** Graph's error code (190 expired or invalid token; 10, 102, 200 permissions or session). */
    code: z.number().int(),
    /** Graph's explanation, in words; never the token. */
    message: z.string(),
    at: timestampSchema,
  })
  .meta({ id: 'MetaTokenError' });
export type MetaTokenError = z.output<typeof metaTokenErrorSchema>;

export const metaSourceErrorSchema = z.object({ message: z.string(), at: timestampSchema }).meta({ id: 'MetaSourceError' });
export type MetaSourceError = z.output<typeof metaSourceErrorSchema>;

/** One item of `GET /api/v1/integrations/meta/sources`: settings, whether each secret is set, and health. */
export const metaSourceItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    webhookUrl: z.string(),
    /** Not a secret: it only answers Meta's subscription handshake, and the admin may need to paste it again. */
    verifyToken: z.string(),
    defaultCampaignId: z.string(),
    forms: z.record(z.string(), z.string()),
    hasAppSecret: z.boolean(),
    hasPageAccessToken: z.boolean(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    /** Set while the page access token is refused; cleared by a new token or the next lead fetched. */
    tokenError: metaTokenErrorSchema.optional(),
    /** The latest problem of any kind (bad signature, Graph error, token error). */
    lastError: metaSourceErrorSchema.optional(),
    /** When the latest lead of this source was queued. */
    lastLeadAt: timestampSchema.optional(),
  })
  .meta({ id: 'MetaSource' });
export type MetaSourceItem = z.output<typeof metaSourceItemSchema>;

/** Oldest first. */
export const metaSourceListSchema = z.object({ sources: z.array(metaSourceItemSchema) }).meta({ id: 'MetaSourceList' });
export type MetaSourceList = z.output<typeof metaSourceListSchema>;

/**
 * Meta's `leadgen` webhook notification, after big integer ids were turned into strings
 * (see the webhook's id parsing). Only what we use is checked; anything else is ignored.
 */
export const metaLeadgenChangeSchema = z.object({
  field: z.string(),
  value: z
    .object({
      leadgen_id: z.string().optional(),
      form_id: z.string().optional(),
      page_id: z.string().optional(),
      ad_id: z.string().optional(),
      adgroup_id: z.string().optional(),
      created_time: z.union([z.number(), z.string()]).optional(),
    })
    .loose()
    .optional(),
});
export const metaWebhookBodySchema = z.object({
  object: z.string().optional(),
  entry: z
    .array(
      z
        .object({
          id: z.string().optional(),
          time: z.union([z.number(), z.string()]).optional(),
          changes: z.array(metaLeadgenChangeSchema).optional(),
        })
        .loose(),
    )
    .default([]),
}).meta({
  id: 'MetaLeadgenNotification',
  description: 'Ids (`leadgen_id`, `form_id`, …) may be JSON numbers, even beyond 2^53: they are read as exact strings. Other fields are ignored.',
});
export type MetaWebhookBody = z.output<typeof metaWebhookBodySchema>;

/** `200` of a notification: the leads whose fetch was queued (`leadgen` changes with a valid `leadgen_id`). */
export const metaWebhookAcceptedSchema = z.object({ leads: z.number().int().min(0) }).meta({ id: 'MetaWebhookAccepted' });
export type MetaWebhookAccepted = z.output<typeof metaWebhookAcceptedSchema>;
