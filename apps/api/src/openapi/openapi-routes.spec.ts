/**
 * The OpenAPI document against the router: the whole API module is started (real PostgreSQL and
 * Redis, a database and key prefix of its own) and every route Express actually serves must be in
 * the document, and every documented operation must be served. A failure names the routes.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import type { Express } from 'express';
import IORedis from 'ioredis';
import { ApiModule } from '../api.module';
import { isMiddlewareRoute } from '../metrics/route-label';
import { openApiPath, type OpenApiDocument } from './openapi-document';
import { OpenApiDocumentService } from './openapi-document.service';

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** `GET /api/v1/...` for every route layer of the Express router (Nest's handlers, nothing mounted with `use`). */
function servedRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as Express;
  const stack = (express.router as unknown as { stack: RouterLayer[] }).stack;
  const out = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    // Nest registers module middleware as routes answering every method: those are not endpoints.
    if (isMiddlewareRoute(layer.route)) continue;
    for (const m of Object.keys(layer.route.methods)) out.add(`${m.toUpperCase()} ${openApiPath(layer.route.path)}`);
  }
  return [...out].sort();
}

function documentedRoutes(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

/** Every `$ref` in the document, to check that each names a component that exists. */
function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

let db: TestDatabase;
let app: NestExpressApplication;
let doc: OpenApiDocument;
const queuePrefix = `lbtest-openapi-${randomBytes(4).toString('hex')}`;
const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/0';

beforeAll(async () => {
  db = await createTestDatabase('openapi');
  process.env['DATABASE_URL'] = db.url;
  process.env['QUEUE_PREFIX'] = queuePrefix;
  process.env['REDIS_URL'] = redisUrl;
  process.env['LOG_LEVEL'] = 'silent';
  // The API refuses to start without a strong secret (no built-in one): this run's own.
  process.env['JWT_SECRET'] = randomBytes(32).toString('base64url');
  app = await NestFactory.create<NestExpressApplication>(ApiModule, { logger: false, abortOnError: false });
  await app.init();
  doc = app.get(OpenApiDocumentService, { strict: false }).get();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
  // The queues wrote their meta keys under the run's prefix.
  const redis = new IORedis(redisUrl);
  const keys = await redis.keys(`${queuePrefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('the OpenAPI document and the router', () => {
  it('documents every route the router serves', () => {
    const documented = new Set(documentedRoutes(doc));
    const undocumented = servedRoutes(app).filter((r) => !documented.has(r));
    // Add @ApiDoc({...}) next to the handler of each route listed here.
    expect(undocumented).toEqual([]);
  });

  it('documents no route the router does not serve', () => {
    const served = new Set(servedRoutes(app));
    expect(documentedRoutes(doc).filter((r) => !served.has(r))).toEqual([]);
  });

  it('covers the contract: ingest, reads, auth, alerts, managers, settings, integrations, imports, sources, health, metrics, docs', () => {
    expect(documentedRoutes(doc)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/events',
        'POST /api/v1/auth/login',
        'GET /api/v1/me',
        'GET /api/v1/campaigns',
        'GET /api/v1/campaigns/{id}/metrics',
        'GET /api/v1/campaigns/{id}/leads',
        'GET /api/v1/leads/{id}',
        'GET /api/v1/operators',
        'GET /api/v1/alerts',
        'POST /api/v1/alerts/{id}/ack',
        'PATCH /api/v1/campaigns/{id}',
        'PATCH /api/v1/operators/{id}',
        'POST /api/v1/leads/reassign',
        'GET /api/v1/audit',
        'GET /api/v1/campaigns/{id}/reassignment-suggestions',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
        'GET /api/docs',
        'GET /api/docs/openapi.json',
        'GET /api/v1/integrations/vicidial/dispo',
        'GET /api/v1/dispositions',
        'POST /api/v1/integrations/meta/{sourceId}/webhook',
        'POST /api/v1/imports',
        'GET /api/v1/sources',
      ]),
    );
  });

  it("documents the integrations' own ways: VICIdial's key in the query and text answers, Meta's signed webhook, CSV bodies", () => {
    type Op = { security?: unknown; parameters: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, unknown> }> };
    const op = (path: string, method: string) => doc.paths[path][method] as Op;

    const dispo = op('/api/v1/integrations/vicidial/dispo', 'get');
    expect(dispo.security).toEqual([{ ingestKeyInQuery: [] }, { ingestKey: [] }]);
    expect(dispo.parameters.filter((p) => p.required).map((p) => p.name)).toEqual(['lead_id', 'dispo']);
    for (const status of ['200', '400', '401', '403', '429', '503']) expect({ status, types: Object.keys(dispo.responses[status].content ?? {}) }).toEqual({ status, types: ['text/plain'] });
    expect(Object.keys(op('/api/v1/integrations/vicidial/agent-events', 'post').requestBody?.content ?? {})).toEqual(['application/x-www-form-urlencoded']);

    const webhook = op('/api/v1/integrations/meta/{sourceId}/webhook', 'post');
    expect(webhook.security).toBeUndefined();
    expect(webhook.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-Hub-Signature-256', in: 'header', required: true })]));
    expect(Object.keys(webhook.responses).sort()).toEqual(['200', '400', '401', '404', '503']);
    expect(Object.keys(op('/api/v1/integrations/meta/{sourceId}/webhook', 'get').responses['200'].content ?? {})).toEqual(['text/plain']);

    expect(Object.keys(op('/api/v1/imports', 'post').requestBody?.content ?? {})).toEqual(['text/csv', 'multipart/form-data']);
    expect(Object.keys(op('/api/v1/imports/{id}/rejected.csv', 'get').responses['200'].content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(op('/api/v1/dispositions/import-vicidial', 'post').requestBody?.content ?? {})).toEqual(['application/json', 'text/csv']);
  });

  it('refers only to components that exist', () => {
    const missing = refsOf(doc)
      .map((ref) => ref.replace('#/components/schemas/', ''))
      .filter((name) => !(name in doc.components.schemas));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('describes requests with the schemas that validate them', () => {
    const leads = doc.paths['/api/v1/campaigns/{id}/leads']['get'] as { parameters: { name: string; in: string; schema: Record<string, unknown> }[] };
    expect(leads.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:stage', 'query:owner', 'query:cursor', 'query:limit']);
    expect(leads.parameters[0].schema).toMatchObject({ type: 'string', minLength: 1, maxLength: 128 });

    const reassign = doc.paths['/api/v1/leads/reassign']['post'] as { requestBody: { content: Record<string, { schema: { $ref: string } }> } };
    expect(reassign.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/ReassignRequest');
    expect(doc.components.schemas['ReassignRequest']).toMatchObject({ required: expect.arrayContaining(['leadIds', 'toOperatorId', 'reason']) });

    const ingest = doc.paths['/api/v1/events']['post'] as { security: unknown; responses: Record<string, unknown> };
    expect(ingest.security).toEqual([{ ingestKey: [] }]);
    expect(Object.keys(ingest.responses).sort()).toEqual(['202', '400', '401', '403', '413', '429', '503']);
  });

  it('describes responses with the schemas the types come from', () => {
    const metrics = doc.paths['/api/v1/campaigns/{id}/metrics']['get'] as { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
    expect(metrics.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CampaignMetrics' });
    expect(doc.components.schemas['CampaignMetrics']).toMatchObject({
      required: expect.arrayContaining(['stages', 'funnel', 'rates', 'windows']),
      properties: { stages: { $ref: '#/components/schemas/StageCounts' } },
    });
  });
});
