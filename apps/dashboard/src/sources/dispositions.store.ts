/**
 * The tenant's disposition table (`GET /api/v1/dispositions`): the dialer codes that arrived and
 * matched nothing (recorded as OTHER), with how often and when last; mapping one to a canonical
 * disposition (`PUT /api/v1/dispositions/{code}`) applies to the events received from then on.
 */
import type { CanonicalDisposition, DispositionMappingRow, UnmappedDispositionRow } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { useSessionStore } from '../stores/session.store';
import { sourcesApi } from './sources-api';

export type MappingOutcome =
  | { code: string; ok: true; row: DispositionMappingRow }
  | { code: string; ok: false; error: string };

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** One unmapped row's identity: a code is unmapped per campaign. */
export const unmappedKey = (row: Pick<UnmappedDispositionRow, 'code' | 'campaignId'>) => `${row.campaignId}\u0000${row.code}`;

export const useDispositionsStore = defineStore('dispositions', () => {
  const unmapped = shallowRef<readonly UnmappedDispositionRow[]>([]);
  const mappings = shallowRef<readonly DispositionMappingRow[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  /** Unmapped rows (by `unmappedKey`) being mapped. */
  const pending = shallowRef<ReadonlySet<string>>(new Set());
  const lastOutcome = shallowRef<MappingOutcome | null>(null);

  const session = () => useSessionStore();

  async function load(): Promise<void> {
    if (status.value !== 'ready') status.value = 'loading';
    try {
      const table = await session().authorized((t) => sourcesApi().dispositions(t));
      unmapped.value = table.unmapped;
      mappings.value = table.mappings;
      status.value = 'ready';
      error.value = null;
    } catch (err) {
      status.value = 'error';
      error.value = errorText(err);
    }
  }

  /**
   * Maps an unmapped code: for every campaign of the tenant (`scope: 'tenant'`), or only the
   * campaign it was seen in. The row leaves the list at once; the table is read again after.
   */
  async function map(row: UnmappedDispositionRow, disposition: CanonicalDisposition, scope: 'tenant' | 'campaign'): Promise<boolean> {
    const key = unmappedKey(row);
    if (pending.value.has(key)) return false;
    pending.value = new Set([...pending.value, key]);
    try {
      const stored = await session().authorized((t) =>
        sourcesApi().mapDisposition(t, row.code, { disposition, campaignId: scope === 'campaign' ? row.campaignId : null }),
      );
      lastOutcome.value = { code: row.code, ok: true, row: stored };
      unmapped.value = unmapped.value.filter((u) => u.code !== row.code || (scope === 'campaign' && u.campaignId !== row.campaignId));
      await load();
      return true;
    } catch (err) {
      lastOutcome.value = { code: row.code, ok: false, error: errorText(err) };
      return false;
    } finally {
      const next = new Set(pending.value);
      next.delete(key);
      pending.value = next;
    }
  }

  return { unmapped, mappings, status, error, pending, lastOutcome, load, map };
});
