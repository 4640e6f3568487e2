/**
 * The API reference: the route catalog (Nest's discovery of every controller), the OpenAPI document
 * built from it, and Swagger UI. Swagger UI's assets are mounted on Express under `/api/docs` once the
 * routes are registered, so the two documented routes answer first.
 */
import { Module, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { serveFiles } from 'swagger-ui-express';
import { API_DOCS_PATH, ApiDocsController } from './api-docs.controller';
import { OpenApiDocumentService } from './openapi-document.service';
import { RouteCatalog } from './route-catalog';

@Module({
  imports: [DiscoveryModule],
  controllers: [ApiDocsController],
  providers: [RouteCatalog, OpenApiDocumentService],
  exports: [RouteCatalog, OpenApiDocumentService],
})
export class ApiDocsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use(API_DOCS_PATH, ...serveFiles(undefined, { swaggerUrl: `${API_DOCS_PATH}/openapi.json` }));
  }
}
