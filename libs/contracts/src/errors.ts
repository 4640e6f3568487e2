/**
 * Error bodies, as Nest's exception layer and our validation pipes write them. Every refusal has
 * `statusCode`, `error` and `message`; validation refusals add `errors`, one per bad path.
 */
import { z } from 'zod';

export const apiErrorSchema = z
  .object({
    statusCode: z.number().int(),
    error: z.string().optional(),
    message: z.union([z.string(), z.array(z.string())]),
  })
  .meta({ id: 'Error' });
export type ApiError = z.output<typeof apiErrorSchema>;

/** `400` from a request body, query or path parameter that does not validate. */
export const validationErrorSchema = apiErrorSchema
  .extend({ errors: z.array(z.object({ path: z.string(), message: z.string() })) })
  .meta({ id: 'ValidationError' });
export type ValidationError = z.output<typeof validationErrorSchema>;

/** `400` from ingest: every bad event by its index in the request (`-1`: the `events` array itself). */
export const ingestRejectedSchema = apiErrorSchema
  .extend({ errors: z.array(z.object({ index: z.number().int(), path: z.string(), message: z.string() })) })
  .meta({ id: 'IngestRejected' });
export type IngestRejected = z.output<typeof ingestRejectedSchema>;
