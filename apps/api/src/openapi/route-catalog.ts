/**
 * Every HTTP route of the application as Nest knows it: path, method, success status, who may call
 * it (`@Auth`), the zod schemas of the `ZodBody` pipes that validate its path, query and body, and its
 * `@ApiDoc` declaration (absent when nobody documented it — the OpenAPI test names those routes).
 */
import { Injectable, RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { ZodType } from 'zod';
import { AUTH_RULE, type AuthRule } from '../auth/auth.guard';
import { ZodBody } from '../common/zod-body.pipe';
import { API_DOC, API_TAGS, type RouteDoc } from './api-doc.decorator';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';

export interface CatalogRoute {
  method: HttpMethod;
  /** Express form: `/api/v1/campaigns/:id/metrics`. */
  path: string;
  /** `Controller.handler`, to name an undocumented route. */
  handler: string;
  successStatus: number;
  auth: AuthRule | null;
  tags: string[];
  doc: RouteDoc | null;
  validation: { body?: ZodType; query?: ZodType; params: Record<string, ZodType> };
}

const METHODS: Partial<Record<RequestMethod, HttpMethod>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.HEAD]: 'head',
  [RequestMethod.OPTIONS]: 'options',
};

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

export function joinPaths(...parts: string[]): string {
  const joined = parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** The schemas of the ZodBody pipes on a handler's @Body, @Query and @Param arguments. */
function validationOf(controller: Type, methodName: string): CatalogRoute['validation'] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {}) as Record<string, RouteArg>;
  const out: CatalogRoute['validation'] = { params: {} };
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    const pipe = arg.pipes?.find((p): p is ZodBody<unknown> => p instanceof ZodBody);
    if (!pipe) continue;
    if (type === RouteParamtypes.BODY && arg.data === undefined) out.body = pipe.schema;
    if (type === RouteParamtypes.QUERY && arg.data === undefined) out.query = pipe.schema;
    if (type === RouteParamtypes.PARAM && typeof arg.data === 'string') out.params[arg.data] = pipe.schema;
  }
  return out;
}

@Injectable()
export class RouteCatalog {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  routes(): CatalogRoute[] {
    const routes: CatalogRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const prototype = controller.prototype as object;
      const base = this.pathsOf(Reflect.getMetadata(PATH_METADATA, controller));
      const tags = this.reflector.get<string[] | undefined>(API_TAGS, controller) ?? [controller.name.replace(/Controller$/, '')];
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
        const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (own === undefined || requestMethod === undefined) continue;
        const method = METHODS[requestMethod];
        if (!method) continue;
        const auth = this.reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, [handler, controller]) ?? null;
        const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        for (const b of base) {
          for (const p of this.pathsOf(own)) {
            routes.push({
              method,
              path: joinPaths(b, p),
              handler: `${controller.name}.${name}`,
              successStatus: code ?? (method === 'post' ? 201 : 200),
              auth,
              tags,
              doc: (Reflect.getMetadata(API_DOC, handler) as RouteDoc | undefined) ?? null,
              validation: validationOf(controller, name),
            });
          }
        }
      }
    }
    return routes;
  }

  private pathsOf(value: unknown): string[] {
    if (Array.isArray(value)) return value.map(String);
    return [typeof value === 'string' ? value : '/'];
  }
}
