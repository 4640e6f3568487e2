/**
 * The Sources page's REST calls (contract.md, "v1 additions": VICIdial, disposition mappings, Meta
 * Lead Ads, CSV imports; and `GET /sources`, `POST /sources/test-event`), through the shared
 * client's `request`, so a 401 ends the session like everywhere else.
 */
import {
  IMPORT_PREVIEW_BYTES,
  type DispositionMappingRow,
  type DispositionTableResponse,
  type ImportAccepted,
  type ImportList,
  type ImportMapping,
  type ImportPreview,
  type ImportView,
  type LeadSource,
  type MetaSourceCreateInput,
  type MetaSourceCreated,
  type MetaSourceItem,
  type MetaSourceList,
  type MetaSourcePatchInput,
  type PutDispositionRequestInput,
  type SourceTestEventResult,
  type SourcesView,
  type TestEventKind,
  type VicidialSettingsRequestInput,
  type VicidialSettingsView,
} from '@leadboard/contracts';
import { request } from '../api/api-client';

/** An upload may be large (up to the server's limit, 200 MB by default). */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

export interface ImportUpload {
  file: Blob;
  fileName: string;
  campaignId: string;
  source?: LeadSource;
  /** Only the columns whose field differs from what the server detected. */
  mapping?: ImportMapping;
}

export interface SourcesApi {
  sources(token: string): Promise<SourcesView>;
  testEvent(token: string, kind: TestEventKind): Promise<SourceTestEventResult>;
  vicidialSettings(token: string): Promise<VicidialSettingsView>;
  saveVicidialSettings(token: string, body: VicidialSettingsRequestInput): Promise<VicidialSettingsView>;
  dispositions(token: string): Promise<DispositionTableResponse>;
  mapDisposition(token: string, code: string, body: PutDispositionRequestInput): Promise<DispositionMappingRow>;
  metaSources(token: string): Promise<MetaSourceList>;
  createMetaSource(token: string, body: MetaSourceCreateInput): Promise<MetaSourceCreated>;
  patchMetaSource(token: string, id: string, body: MetaSourcePatchInput): Promise<MetaSourceItem>;
  deleteMetaSource(token: string, id: string): Promise<void>;
  previewImport(token: string, file: Blob): Promise<ImportPreview>;
  uploadImport(token: string, upload: ImportUpload): Promise<ImportAccepted>;
  imports(token: string): Promise<ImportList>;
  importView(token: string, id: string): Promise<ImportView>;
  rejectedCsv(token: string, id: string): Promise<Blob>;
}

type Fetch = typeof fetch;

const seg = encodeURIComponent;

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function createSourcesApi(fetchFn: Fetch = (...args) => fetch(...args)): SourcesApi {
  return {
    sources: (token) => request(fetchFn, '/api/v1/sources', { token }),
    testEvent: (token, kind) => request(fetchFn, '/api/v1/sources/test-event', { method: 'POST', token, body: { kind } }),
    vicidialSettings: (token) => request(fetchFn, '/api/v1/integrations/vicidial', { token }),
    saveVicidialSettings: (token, body) => request(fetchFn, '/api/v1/integrations/vicidial', { method: 'PUT', token, body }),
    dispositions: (token) => request(fetchFn, '/api/v1/dispositions', { token }),
    mapDisposition: (token, code, body) => request(fetchFn, `/api/v1/dispositions/${seg(code)}`, { method: 'PUT', token, body }),
    metaSources: (token) => request(fetchFn, '/api/v1/integrations/meta/sources', { token }),
    createMetaSource: (token, body) => request(fetchFn, '/api/v1/integrations/meta/sources', { method: 'POST', token, body }),
    patchMetaSource: (token, id, body) => request(fetchFn, `/api/v1/integrations/meta/sources/${seg(id)}`, { method: 'PATCH', token, body }),
    deleteMetaSource: (token, id) => request(fetchFn, `/api/v1/integrations/meta/sources/${seg(id)}`, { method: 'DELETE', token }),
    // the first bytes are enough to detect the layout and show the first rows
    previewImport: (token, file) =>
      request(fetchFn, '/api/v1/imports/preview', {
        method: 'POST',
        token,
        raw: { data: file.slice(0, IMPORT_PREVIEW_BYTES), contentType: 'text/csv' },
      }),
    uploadImport: (token, u) => {
      const form = new FormData();
      form.append('file', u.file, u.fileName);
      const mapping = u.mapping && Object.keys(u.mapping).length > 0 ? JSON.stringify(u.mapping) : undefined;
      return request(fetchFn, `/api/v1/imports${query({ campaignId: u.campaignId, source: u.source, mapping })}`, {
        method: 'POST',
        token,
        raw: { data: form },
        timeoutMs: UPLOAD_TIMEOUT_MS,
      });
    },
    imports: (token) => request(fetchFn, '/api/v1/imports', { token }),
    importView: (token, id) => request(fetchFn, `/api/v1/imports/${seg(id)}`, { token }),
    rejectedCsv: (token, id) => request(fetchFn, `/api/v1/imports/${seg(id)}/rejected.csv`, { token, as: 'blob', timeoutMs: UPLOAD_TIMEOUT_MS }),
  };
}

let api: SourcesApi = createSourcesApi();

export function sourcesApi(): SourcesApi {
  return api;
}

/** Tests replace the client. */
export function setSourcesApi(next: SourcesApi): void {
  api = next;
}
