/**
 * Building blocks of the response schemas. Responses are described with zod like requests, so the
 * OpenAPI document and the tests that check real answers read the same definition the types come from.
 * `.meta({ id })` names a shape once: the OpenAPI document lists it under that name and refers to it.
 */
import { z } from 'zod';

/** An instant as the API writes it (`Date.prototype.toISOString()`, always with a zone). */
export const timestampSchema = z.iso.datetime({ offset: true });

/** A count: an integer >= 0. */
export const countSchema = z.number().int().min(0);

/** A ratio between two counts; `null` when the denominator is 0 (nothing to divide yet). */
export const rateSchema = z.number().nullable();

/** Parameters of a message key, for the dashboard's translations (it / fr / en). */
export const messageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

/** An object with one count per key, e.g. one per stage. */
export function countsSchema<const K extends readonly [string, ...string[]]>(keys: K) {
  return z.object(Object.fromEntries(keys.map((k) => [k, countSchema])) as { [P in K[number]]: typeof countSchema });
}
