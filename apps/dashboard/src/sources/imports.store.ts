/**
 * CSV imports (`/api/v1/imports`): a file chosen (dropped or picked) is previewed — the first rows
 * and the column mapping the server detected (`POST /imports/preview`) — the user corrects the
 * mapping, then uploads it (`mapping=` carries only the corrections). The import's progress comes
 * from the live `import` messages (through the one realtime connector) and, when they do not
 * come, from `GET /imports/{id}` (use-import-poll.ts); once it ends, its rejected rows are read.
 * The tenant's past imports are listed.
 */
import type { ImportField, ImportPreview, ImportProgressMessage, ImportSummary, ImportView, LeadSource } from '@leadboard/contracts';
import { IMPORT_PREVIEW_BYTES } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useSessionStore } from '../stores/session.store';
import { detectedFields, estimateRows, isActive, isNewer, mappingOverrides, type ColumnField } from './import-view';
import { readText } from './read-text';
import { sourcesApi } from './sources-api';

export interface ImportDraft {
  file: Blob;
  fileName: string;
  sizeBytes: number;
  status: 'previewing' | 'ready' | 'error' | 'uploading';
  preview: ImportPreview | null;
  /** The field of each column as chosen on screen (starts as detected). */
  fields: ColumnField[];
  estimatedRows: number | null;
  error: string | null;
}

export interface TrackedImport {
  /** The full view once read (with its rejected rows), else the latest summary. */
  view: ImportSummary | ImportView;
  /** When it was last heard of (a live message or a read), ms since epoch. */
  heardAt: number;
  estimatedRows: number | null;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const hasErrors = (v: ImportSummary | ImportView): v is ImportView => Array.isArray((v as ImportView).errors);

async function readSample(file: Blob): Promise<{ text: string; bytes: number }> {
  const slice = file.slice(0, IMPORT_PREVIEW_BYTES);
  try {
    return { text: await readText(slice), bytes: slice.size };
  } catch {
    return { text: '', bytes: 0 };
  }
}

export const useImportsStore = defineStore('imports', () => {
  const list = shallowRef<readonly ImportSummary[]>([]);
  const listStatus = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const listError = ref<string | null>(null);
  const draft = shallowRef<ImportDraft | null>(null);
  const uploadError = ref<string | null>(null);
  const tracked = shallowRef<ReadonlyMap<string, TrackedImport>>(new Map());
  /** The import shown in detail: the one just uploaded, or one picked from the list. */
  const currentId = ref<string | null>(null);

  const current = computed(() => (currentId.value ? (tracked.value.get(currentId.value) ?? null) : null));
  const activeIds = computed(() => [...tracked.value].filter(([, t]) => isActive(t.view)).map(([id]) => id));

  const session = () => useSessionStore();
  let draftGeneration = 0;

  function track(view: ImportSummary | ImportView, estimatedRows?: number | null): void {
    const known = tracked.value.get(view.id);
    // a summary never takes away rejected rows already read for the same state
    const next = known && hasErrors(known.view) && !hasErrors(view) && known.view.state === view.state ? { ...view, errors: known.view.errors } : view;
    const map = new Map(tracked.value);
    map.set(view.id, { view: next, heardAt: Date.now(), estimatedRows: estimatedRows !== undefined ? estimatedRows : (known?.estimatedRows ?? null) });
    tracked.value = map;
  }

  function upsertInList(summary: ImportSummary): void {
    const { errors: _errors, ...plain } = summary as ImportView;
    const i = list.value.findIndex((s) => s.id === summary.id);
    if (i < 0) list.value = [plain, ...list.value];
    else if (isNewer(list.value[i], plain)) list.value = list.value.map((s, j) => (j === i ? plain : s));
  }

  async function loadList(): Promise<void> {
    if (listStatus.value !== 'ready') listStatus.value = 'loading';
    try {
      const { imports } = await session().authorized((t) => sourcesApi().imports(t));
      list.value = imports;
      listStatus.value = 'ready';
      listError.value = null;
    } catch (err) {
      listStatus.value = 'error';
      listError.value = errorText(err);
    }
  }

  /** A file was dropped or picked: its preview is asked for (a previous draft is dropped). */
  async function choose(file: Blob, fileName: string): Promise<void> {
    const gen = ++draftGeneration;
    uploadError.value = null;
    draft.value = { file, fileName, sizeBytes: file.size, status: 'previewing', preview: null, fields: [], estimatedRows: null, error: null };
    try {
      const [preview, sample] = await Promise.all([session().authorized((t) => sourcesApi().previewImport(t, file)), readSample(file)]);
      if (gen !== draftGeneration || !draft.value) return;
      draft.value = {
        ...draft.value,
        status: 'ready',
        preview,
        fields: detectedFields(preview),
        estimatedRows: estimateRows(sample.text, sample.bytes, file.size, preview.hasHeader),
      };
    } catch (err) {
      if (gen !== draftGeneration || !draft.value) return;
      draft.value = { ...draft.value, status: 'error', error: errorText(err) };
    }
  }

  function setField(index: number, field: ImportField | null): void {
    const d = draft.value;
    if (!d || d.status !== 'ready') return;
    const fields = [...d.fields];
    fields[index] = field;
    draft.value = { ...d, fields };
  }

  function discardDraft(): void {
    draftGeneration += 1;
    draft.value = null;
    uploadError.value = null;
  }

  /** Uploads the draft into a campaign; the import becomes the one shown. */
  async function upload(campaignId: string, source?: LeadSource): Promise<string | null> {
    const d = draft.value;
    if (!d || d.status !== 'ready' || !d.preview) return null;
    const gen = draftGeneration;
    draft.value = { ...d, status: 'uploading' };
    uploadError.value = null;
    try {
      const mapping = mappingOverrides(d.preview, d.fields);
      const accepted = await session().authorized((t) =>
        sourcesApi().uploadImport(t, { file: d.file, fileName: d.fileName, campaignId: campaignId.trim(), source, mapping }),
      );
      if (gen === draftGeneration) draft.value = null;
      currentId.value = accepted.importId;
      const view = await session().authorized((t) => sourcesApi().importView(t, accepted.importId));
      track(view, d.estimatedRows);
      upsertInList(view);
      return accepted.importId;
    } catch (err) {
      if (gen === draftGeneration && draft.value) draft.value = { ...d, status: 'ready' };
      uploadError.value = errorText(err);
      return null;
    }
  }

  /** Reads an import (with its rejected rows). */
  async function refreshImport(id: string): Promise<void> {
    try {
      const view = await session().authorized((t) => sourcesApi().importView(t, id));
      const known = tracked.value.get(id);
      if (!known || isNewer(known.view, view)) track(view);
      upsertInList(view);
    } catch {
      // the poll tries again; the live messages may still come
    }
  }

  /** A live `import` message. An import that just ended is read in full (its rejected rows). */
  function applyProgress(msg: ImportProgressMessage): void {
    upsertInList(msg);
    const known = tracked.value.get(msg.id);
    if (!known) {
      if (msg.id !== currentId.value) return;
    } else if (!isNewer(known.view, msg)) return;
    track(msg);
    if (!isActive(msg) && (!known || isActive(known.view) || !hasErrors(known.view))) void refreshImport(msg.id);
  }

  /** Shows one of the past imports in detail. */
  async function show(id: string): Promise<void> {
    currentId.value = id;
    await refreshImport(id);
  }

  /** The rejected rows with their reason, as the CSV file the server writes. */
  function rejectedCsv(id: string): Promise<Blob> {
    return session().authorized((t) => sourcesApi().rejectedCsv(t, id));
  }

  return {
    list,
    listStatus,
    listError,
    draft,
    uploadError,
    tracked,
    currentId,
    current,
    activeIds,
    loadList,
    choose,
    setField,
    discardDraft,
    upload,
    refreshImport,
    applyProgress,
    show,
    rejectedCsv,
  };
});
