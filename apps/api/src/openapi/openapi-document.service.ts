/** The application's OpenAPI document, built once from the route catalog on first use. */
import { Injectable } from '@nestjs/common';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';
import { RouteCatalog } from './route-catalog';

const DESCRIPTION = `Leadboard's HTTP API: ingest of call-center events, the read API of the dashboard, alerts,
managers' reassignment, integrations, imports and operations. The vocabulary and the rules are in
the repository's \`docs/DOMAIN.md\`; \`docs/API.md\` explains authentication, the live channel
(socket.io namespace \`/live\`, not described here) and the operator's tools (\`/metrics\`,
\`/admin/queues\`).

Every request body, query and path parameter below is validated by the schema shown; a refusal is
\`400\` with \`errors\`, one entry per bad path. All times are ISO-8601 with a zone; all ids are strings.`;

@Injectable()
export class OpenApiDocumentService {
  private document: OpenApiDocument | null = null;

  constructor(private readonly catalog: RouteCatalog) {}

  get(): OpenApiDocument {
    this.document ??= buildOpenApiDocument(this.catalog.routes(), { title: 'Leadboard API', version: '1', description: DESCRIPTION });
    return this.document;
  }
}
