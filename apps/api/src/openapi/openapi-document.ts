/**
 * Builds the OpenAPI 3.1 document from the route catalog. Every schema in it is converted from the
 * zod schema that validates the request or types the response (zod 4's own `z.toJSONSchema`, whose
 * JSON Schema 2020-12 is OpenAPI 3.1's dialect); shapes named with `.meta({ id })` in libs/contracts
 * become `components.schemas` and are referred to by name.
 */
import { apiErrorSchema, validationErrorSchema } from '@leadboard/contracts';
import { z, type ZodType } from 'zod';
import type { ContentDoc, SecurityRequirement } from './api-doc.decorator';
import type { CatalogRoute } from './route-catalog';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

/** One scheme per kind of credential (contract.md, "Authentication"). */
export const SECURITY_SCHEMES: Record<string, Json> = {
  userToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A user: `accessToken` from `POST /api/v1/auth/login`.' },
  wallToken: { type: 'http', scheme: 'bearer', description: 'A wall-screen token (`lbw_…`, read-only, no personal data).' },
  ingestKey: { type: 'http', scheme: 'bearer', description: 'An ingest key (`lbk_…`) of a dialer, CRM or script.' },
  ingestKeyInQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'An ingest key in the query string, for dialers that cannot set headers (VICIdial).' },
  metricsToken: { type: 'http', scheme: 'bearer', description: '`METRICS_TOKEN`, when the deployment sets one.' },
};

const KIND_SCHEMES: Record<string, string> = { user: 'userToken', wall: 'wallToken', ingest: 'ingestKey' };
const KIND_WORDS: Record<string, string> = { user: 'users', wall: 'wall-screen tokens', ingest: 'ingest keys' };

const STANDARD_ERRORS: Record<number, string> = {
  400: 'The request does not validate: `errors` names each bad path; nothing was done.',
  401: 'Missing or invalid credentials.',
  403: 'Right credentials, wrong kind or role.',
  429: 'Over `RATE_LIMIT_INGEST` requests per second for this ingest key (users and wall screens are not limited): nothing was done.',
};

const RETRY_AFTER = { 'Retry-After': 'seconds to wait' };

const COMPONENTS_PREFIX = '#/components/schemas/';

/** JSON Schema that documents rather than constrains: responses may gain fields (contract: "add fields freely"). */
function override(ctx: { zodSchema: { _zod: { def: unknown } }; jsonSchema: Json }): void {
  const def = ctx.zodSchema._zod.def as { type?: string; catchall?: unknown };
  if (def.type === 'object' && def.catchall === undefined && ctx.jsonSchema['additionalProperties'] === false) {
    delete ctx.jsonSchema['additionalProperties'];
  }
  // zod writes the full ISO regex next to `format: date-time` (and `date`); the format says it, readably.
  if (ctx.jsonSchema['format'] === 'date-time' || ctx.jsonSchema['format'] === 'date') delete ctx.jsonSchema['pattern'];
}

function rewriteRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, names));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const name = v.slice('#/$defs/'.length);
      out[k] = COMPONENTS_PREFIX + (names.get(name) ?? name);
    } else {
      out[k] = rewriteRefs(v, names);
    }
  }
  return out;
}

/** zod → JSON Schema, with named shapes hoisted into one shared `components.schemas`. */
export class ComponentSchemas {
  readonly schemas: Record<string, Json> = {};

  toJson(schema: ZodType, io: Io): Json {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', override }) as Json;
    const { $defs, $schema: _dialect, ...root } = converted as Json & { $defs?: Record<string, Json> };
    const defs = $defs ?? {};
    // A shape may read differently as a request (input: defaults optional, before transforms) and as
    // a response (output): the second reading gets its own name rather than overwriting the first.
    const names = new Map(Object.keys(defs).map((n) => [n, n]));
    for (let pass = 0; pass < 4; pass++) {
      let renamed = false;
      for (const [name, def] of Object.entries(defs)) {
        const target = names.get(name) ?? name;
        const existing = this.schemas[target];
        if (existing && JSON.stringify(existing) !== JSON.stringify(rewriteRefs(def, names))) {
          if (target !== name) throw new Error(`schema ${name} has more than two readings in the OpenAPI document`);
          names.set(name, `${name}${io === 'input' ? 'Input' : 'Output'}`);
          renamed = true;
        }
      }
      if (!renamed) break;
    }
    for (const [name, def] of Object.entries(defs)) this.schemas[names.get(name) ?? name] = rewriteRefs(def, names) as Json;
    return rewriteRefs(root, names) as Json;
  }
}

/** One content type, or several (a request body taken as JSON or CSV): their descriptions are joined. */
function contentOf(body: ZodType | ContentDoc | ContentDoc[], io: Io, schemas: ComponentSchemas): { content: Json; description?: string; headers?: Json } {
  const docs: ContentDoc[] = Array.isArray(body) ? body : [body instanceof z.ZodType ? { schema: body } : body];
  const content: Json = {};
  const headerNames: Record<string, string> = {};
  for (const doc of docs) {
    content[doc.contentType ?? 'application/json'] = { schema: doc.schema ? schemas.toJson(doc.schema, io) : {} };
    Object.assign(headerNames, doc.headers ?? {});
  }
  const description = docs.map((d) => d.description).filter(Boolean).join(' ');
  const headers = Object.keys(headerNames).length
    ? Object.fromEntries(Object.entries(headerNames).map(([name, description]) => [name, { description, schema: { type: 'string' } }]))
    : undefined;
  return { content, ...(description ? { description } : {}), ...(headers ? { headers } : {}) };
}

function isOptional(schema: ZodType): boolean {
  return schema.safeParse(undefined).success;
}

function parametersOf(route: CatalogRoute, schemas: ComponentSchemas): Json[] {
  const params: Json[] = [];
  for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
    const schema = route.validation.params[name];
    params.push({ name, in: 'path', required: true, schema: schema ? schemas.toJson(schema, 'input') : { type: 'string' } });
  }
  const named: [string, ZodType | undefined][] = [
    ['query', route.doc?.query ?? route.validation.query],
    ['header', route.doc?.headers],
  ];
  for (const [where, object] of named) {
    if (!object) continue;
    if (!(object instanceof z.ZodObject)) throw new Error(`${route.handler}: the ${where} schema must be a z.object to be documented`);
    for (const [name, schema] of Object.entries(object.shape as Record<string, ZodType>)) {
      const json = schemas.toJson(schema, 'input');
      const description = typeof json['description'] === 'string' ? json['description'] : undefined;
      params.push({ name, in: where, required: !isOptional(schema), schema: json, ...(description ? { description } : {}) });
    }
  }
  return params;
}

function securityOf(route: CatalogRoute): { security?: SecurityRequirement[]; who?: string } {
  if (route.doc?.security) return { security: route.doc.security };
  if (!route.auth) return {};
  const kinds = route.auth.kinds;
  const roles = route.auth.roles ? ` (${route.auth.roles.join(', ')})` : '';
  const who = kinds.map((k) => (k === 'user' ? `${KIND_WORDS[k]}${roles}` : KIND_WORDS[k])).join(', ');
  const security: SecurityRequirement[] = kinds.map((k) => ({ [KIND_SCHEMES[k]]: [] }));
  // `@Auth(…, { keyParam: true })`: an ingest key may come as `key=` too (VICIdial sets no headers).
  if (route.auth.keyParam && kinds.includes('ingest')) security.unshift({ ingestKeyInQuery: [] });
  return { security, who };
}

function operationOf(route: CatalogRoute, schemas: ComponentSchemas): Json {
  const doc = route.doc;
  if (!doc) throw new Error(`${route.handler} has no @ApiDoc`);
  const { security, who } = securityOf(route);
  const responses: Record<string, Json> = {};
  responses[String(route.successStatus)] = doc.response
    ? { description: 'OK', ...contentOf(doc.response, 'output', schemas) }
    : { description: route.successStatus === 204 ? 'Done; no body.' : 'OK' };
  const validated = Boolean(route.validation.body || route.validation.query || Object.keys(route.validation.params).length || doc.body || doc.query);
  const asksCredentials = security?.some((s) => Object.keys(s).length > 0) ?? false;
  const limited = route.auth?.kinds.includes('ingest') ?? false;
  const standard: number[] = [...(validated ? [400] : []), ...(asksCredentials ? [401] : []), ...(route.auth ? [403] : []), ...(limited ? [429] : [])];
  for (const status of standard) {
    responses[String(status)] = {
      description: STANDARD_ERRORS[status],
      ...contentOf({ schema: status === 400 ? validationErrorSchema : apiErrorSchema, ...(status === 429 ? { headers: RETRY_AFTER } : {}) }, 'output', schemas),
    };
  }
  for (const [status, answer] of Object.entries(doc.errors ?? {})) {
    responses[status] =
      typeof answer === 'string'
        ? { description: answer, ...contentOf(apiErrorSchema, 'output', schemas) }
        : { description: answer.description ?? '', ...contentOf(answer, 'output', schemas) };
  }
  const body = doc.body ?? route.validation.body;
  const description = [who ? `**Who:** ${who}.` : '', doc.description ?? ''].filter(Boolean).join('\n\n');
  return {
    operationId: route.handler.replace('.', '_'),
    summary: doc.summary,
    ...(description ? { description } : {}),
    tags: doc.tags ?? route.tags,
    parameters: parametersOf(route, schemas),
    ...(body ? { requestBody: { required: true, ...contentOf(body, 'input', schemas) } } : {}),
    responses,
    ...(security ? { security } : {}),
  };
}

/** Express `:id` → OpenAPI `{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

/** The document of every documented route; undocumented ones are left out (and named by the test). */
export function buildOpenApiDocument(routes: CatalogRoute[], info: OpenApiDocument['info']): OpenApiDocument {
  const schemas = new ComponentSchemas();
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))) {
    if (!route.doc) continue;
    const operation = operationOf(route, schemas);
    for (const tag of operation['tags'] as string[]) tags.add(tag);
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: { schemas: schemas.schemas, securitySchemes: SECURITY_SCHEMES },
  };
}
