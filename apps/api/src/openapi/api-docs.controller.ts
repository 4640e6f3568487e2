/** `GET /api/docs` (Swagger UI, served from the package: no CDN) and `GET /api/docs/openapi.json`. */
import { Controller, Get, Header } from '@nestjs/common';
import { z } from 'zod';
import { generateHTML } from 'swagger-ui-express';
import { ApiDoc, ApiTags } from './api-doc.decorator';
import { OpenApiDocumentService } from './openapi-document.service';

export const API_DOCS_PATH = '/api/docs';
const OPENAPI_JSON_PATH = `${API_DOCS_PATH}/openapi.json`;

/**
 * swagger-ui-express writes asset links relative to the page (`./swagger-ui.css`), which only works
 * at `/api/docs/`; absolute links make `/api/docs` work as well. The assets themselves are served by
 * ApiDocsModule under the same prefix.
 */
function swaggerPage(): string {
  return generateHTML(undefined, { customSiteTitle: 'Leadboard API', swaggerUrl: OPENAPI_JSON_PATH }).replaceAll('"./', `"${API_DOCS_PATH}/`);
}

@Controller(API_DOCS_PATH)
@ApiTags('Operations')
export class ApiDocsController {
  private readonly page = swaggerPage();

  constructor(private readonly document: OpenApiDocumentService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiDoc({ summary: 'This reference, in Swagger UI', response: { contentType: 'text/html', schema: z.string() } })
  ui(): string {
    return this.page;
  }

  @Get('openapi.json')
  @ApiDoc({
    summary: 'The OpenAPI 3.1 document',
    description: 'Generated at start from the routes and the zod schemas that validate them.',
    response: { schema: z.record(z.string(), z.unknown()), description: 'An OpenAPI 3.1 document.' },
  })
  openApi() {
    return this.document.get();
  }
}
