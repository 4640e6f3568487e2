/**
 * How a route documents itself: `@ApiDoc({...})` on the handler, next to its `@Get`/`@Post`. The
 * path, method, success status, path/query/body schemas (from the `ZodBody` pipes that validate them)
 * and who may call it (from `@Auth`) are read from the route itself; the declaration only adds what
 * the code cannot say: a summary, the response schema, and the answers other than the standard ones.
 */
import { SetMetadata } from '@nestjs/common';
import type { ZodObject, ZodType } from 'zod';

/** A body in a content type other than JSON, or with a description or headers. */
export interface ContentDoc {
  schema?: ZodType;
  /** `application/json` unless said. */
  contentType?: string;
  description?: string;
  /** Response headers: name → what it carries. */
  headers?: Record<string, string>;
}

export type SecurityRequirement = Record<string, string[]>;

export interface RouteDoc {
  summary: string;
  /** Markdown. */
  description?: string;
  /** Groups in the UI; the controller's `@ApiTags` otherwise. */
  tags?: string[];
  /** The success answer; its status is the handler's (`@HttpCode`, else 201 for POST, 200 otherwise). */
  response?: ZodType | ContentDoc;
  /** Other answers: status → what it means, or its body when it is not the standard error. */
  errors?: Record<number, string | ContentDoc>;
  /**
   * The request body, when the handler validates it by hand rather than with a `ZodBody` pipe; a
   * list when it takes several content types (a CSV file raw or in a multipart form).
   */
  body?: ZodType | ContentDoc | ContentDoc[];
  /** The query, when the handler validates it by hand rather than with a `ZodBody` pipe. */
  query?: ZodObject;
  /** Request headers the handler reads itself (a webhook's signature): name → schema. */
  headers?: ZodObject;
  /**
   * For routes not guarded by `@Auth` but still asking for a credential (`/metrics`). An `@Auth`
   * with `keyParam` documents the `key=` query parameter by itself.
   */
  security?: SecurityRequirement[];
}

export const API_DOC = 'leadboard:api-doc';
export const API_TAGS = 'leadboard:api-tags';

export const ApiDoc = (doc: RouteDoc) => SetMetadata(API_DOC, doc);

/** The default group of a controller's routes in the UI. */
export const ApiTags = (...tags: string[]) => SetMetadata(API_TAGS, tags);
