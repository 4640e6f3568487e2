/**
 * The Sources page's summary: one entry per source of the tenant — its HTTP API (ingest keys),
 * VICIdial, each Meta Lead Ads source, CSV imports — with the last event, events today and the
 * latest errors. Sources a tenant has one of are always listed (a new tenant sees where to start);
 * Meta sources are the tenant's configured ones (a removed source's past counts are not shown).
 */
import { Injectable } from '@nestjs/common';
import type { SourceHealthView, SourceKind, SourcesView } from '@leadboard/contracts';
import { MetaSourceStore } from '@leadboard/server';
import { SourceHealthReader, type SourceHealthRow } from './source-health.reader';

const SINGLE_SOURCES: readonly SourceKind[] = ['api', 'vicidial', 'csv'];

function view(kind: SourceKind, row: SourceHealthRow | undefined, meta: { id: string; name: string | null } | null = null): SourceHealthView {
  return {
    kind,
    id: meta?.id ?? null,
    name: meta?.name ?? null,
    lastEventAt: row?.lastEventAt ?? null,
    eventsToday: row?.eventsToday ?? 0,
    eventsTotal: row?.eventsTotal ?? 0,
    errors: row?.errors ?? [],
  };
}

@Injectable()
export class SourcesService {
  constructor(
    private readonly reader: SourceHealthReader,
    private readonly metaSources: MetaSourceStore,
  ) {}

  /** `publicBaseUrl`: the API's address as the outside world reaches it (no trailing slash). */
  async list(tenantId: string, publicBaseUrl: string): Promise<SourcesView> {
    const [health, metaSources] = await Promise.all([this.reader.read(tenantId), this.metaSources.list(tenantId)]);
    const single = new Map(health.rows.filter((r) => r.kind !== 'meta').map((r) => [`${r.kind}:${r.sourceId}`, r]));
    const metaRows = new Map(health.rows.filter((r) => r.kind === 'meta').map((r) => [r.sourceId, r]));

    const metas = metaSources
      .map((m) => view('meta', metaRows.get(m.id), m))
      .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.id ?? '').localeCompare(b.id ?? ''));

    const [api, vicidial, csv] = SINGLE_SOURCES.map((kind) => view(kind, single.get(`${kind}:`)));
    return { asOf: health.asOf, today: health.today, ingestUrl: `${publicBaseUrl}/api/v1/events`, sources: [api, vicidial, ...metas, csv] };
  }
}
