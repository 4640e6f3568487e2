/** Builders of the Sources page's API shapes for the unit tests (typed by @leadboard/contracts). */
import type {
  DispositionTableResponse,
  ImportPreview,
  ImportSummary,
  ImportView,
  MetaSourceItem,
  SourceHealthView,
  SourcesView,
  UnmappedDispositionRow,
  VicidialSettingsView,
} from '@leadboard/contracts';
import type { SourcesApi } from './sources-api';

export const API_ORIGIN = 'https://leadboard.example.it';

export function health(kind: SourceHealthView['kind'], overrides: Partial<SourceHealthView> = {}): SourceHealthView {
  return { kind, id: null, name: null, lastEventAt: null, eventsToday: 0, eventsTotal: 0, errors: [], ...overrides };
}

export function sourcesView(sources: SourceHealthView[] = [health('api'), health('vicidial'), health('csv')]): SourcesView {
  return { asOf: '2026-11-30T09:00:00.000Z', today: '2026-11-30', ingestUrl: `${API_ORIGIN}/api/v1/events`, sources };
}

export function vicidialSettings(overrides: Partial<VicidialSettingsView> = {}): VicidialSettingsView {
  const key = 'key=YOUR_INGEST_KEY';
  return {
    timeZone: 'Europe/Rome',
    defaultCampaignId: null,
    dispoUrl: `${API_ORIGIN}/api/v1/integrations/vicidial/dispo?${key}&lead_id=--A--lead_id--B--&campaign=--A--campaign--B--&dispo=--A--dispo--B--`,
    noAgentUrl: `${API_ORIGIN}/api/v1/integrations/vicidial/no-agent?${key}&lead_id=--A--lead_id--B--&status=--A--dispo--B--`,
    agentEventsUrl: `${API_ORIGIN}/api/v1/integrations/vicidial/agent-events?${key}`,
    ...overrides,
  };
}

export function unmapped(code: string, overrides: Partial<UnmappedDispositionRow> = {}): UnmappedDispositionRow {
  return { code, count: 12, lastSeenAt: '2026-11-30T08:40:00.000Z', campaignId: 'c-water', ...overrides };
}

export function dispositionTable(rows: UnmappedDispositionRow[] = []): DispositionTableResponse {
  return {
    mappings: [{ code: 'NA', disposition: 'NO_ANSWER', campaignId: null, builtIn: true }],
    unmapped: rows,
  };
}

export function metaSource(id: string, overrides: Partial<MetaSourceItem> = {}): MetaSourceItem {
  return {
    id,
    name: `Pagina ${id}`,
    webhookUrl: `${API_ORIGIN}/api/v1/integrations/meta/${id}/webhook`,
    verifyToken: `verify-${id}-token`,
    defaultCampaignId: 'c-water',
    forms: {},
    hasAppSecret: true,
    hasPageAccessToken: true,
    createdAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:00:00.000Z',
    ...overrides,
  };
}

export function importSummary(overrides: Partial<ImportSummary> = {}): ImportSummary {
  return {
    id: 'imp-1',
    state: 'queued',
    fileName: 'lista-ottobre.csv',
    campaignId: 'c-water',
    source: 'purchased_list',
    sizeBytes: 4_000,
    sha256: 'ab'.repeat(32),
    encoding: null,
    delimiter: null,
    layout: null,
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRejected: 0,
    duplicates: 0,
    failure: null,
    createdAt: '2026-11-30T08:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

export function importView(overrides: Partial<ImportView> = {}): ImportView {
  return { ...importSummary(overrides), errors: [], ...overrides };
}

export function preview(overrides: Partial<ImportPreview> = {}): ImportPreview {
  return {
    encoding: 'utf-8',
    delimiter: ';',
    hasHeader: true,
    layout: 'headers',
    columns: [
      { index: 0, header: 'nome', field: 'firstName' },
      { index: 1, header: 'telefono', field: 'phone' },
      { index: 2, header: 'email', field: 'email' },
      { index: 3, header: 'note', field: null },
    ],
    rows: [
      ['Maria', '+39 333 1234567', 'maria@example.it', 'fiera'],
      ['Luca', '', '', 'senza contatti'],
    ],
    ...overrides,
  };
}

/** A file as the page gets it from a drop or the picker. */
export function csvFile(text = 'nome;telefono;email;note\nMaria;+39 333 1234567;maria@example.it;fiera\nLuca;;;senza contatti\n', name = 'lista.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}

/** A SourcesApi whose calls not given here fail loudly (a test names the calls it expects). */
export function stubSourcesApi(impl: Partial<SourcesApi>): SourcesApi {
  const names: (keyof SourcesApi)[] = [
    'sources',
    'testEvent',
    'vicidialSettings',
    'saveVicidialSettings',
    'dispositions',
    'mapDisposition',
    'metaSources',
    'createMetaSource',
    'patchMetaSource',
    'deleteMetaSource',
    'previewImport',
    'uploadImport',
    'imports',
    'importView',
    'rejectedCsv',
  ];
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call: ${name}`));
  return Object.fromEntries(names.map((n) => [n, impl[n] ?? unexpected(n)])) as unknown as SourcesApi;
}
