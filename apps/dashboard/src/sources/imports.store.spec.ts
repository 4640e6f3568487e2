import type { ImportUpload } from './sources-api';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { useImportsStore } from './imports.store';
import { createSourcesApi, setSourcesApi } from './sources-api';
import { csvFile, importSummary, importView, preview, stubSourcesApi } from './sources-fixtures';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('imports store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().enterWallToken('token');
  });
  afterEach(() => setSourcesApi(createSourcesApi()));

  it('previews a chosen file: the first rows, the detected mapping, an estimate of its rows', async () => {
    setSourcesApi(stubSourcesApi({ previewImport: async () => preview() }));
    const store = useImportsStore();
    const file = csvFile();
    const pending = store.choose(file, 'lista.csv');
    expect(store.draft?.status).toBe('previewing');
    await pending;
    expect(store.draft).toMatchObject({ status: 'ready', fileName: 'lista.csv', sizeBytes: file.size, fields: ['firstName', 'phone', 'email', null], estimatedRows: 2 });
    expect(store.draft?.preview?.rows[0]).toEqual(['Maria', '+39 333 1234567', 'maria@example.it', 'fiera']);
  });

  it('says why a preview was refused, and a newer file wins over a slower older one', async () => {
    let release: (v: unknown) => void = () => undefined;
    const slow = new Promise((r) => (release = r));
    const previewImport = vi
      .fn()
      .mockImplementationOnce(async () => {
        await slow;
        return preview({ columns: [] });
      })
      .mockImplementationOnce(async () => {
        throw new ApiError(415, 'the file is not text');
      });
    setSourcesApi(stubSourcesApi({ previewImport }));
    const store = useImportsStore();
    const first = store.choose(csvFile(), 'old.csv');
    await store.choose(csvFile('\u0000\u0001'), 'photo.png');
    release(null);
    await first;
    expect(store.draft).toMatchObject({ fileName: 'photo.png', status: 'error', error: 'the file is not text' });
  });

  it('uploads with only the corrected columns and follows the new import', async () => {
    const uploads: ImportUpload[] = [];
    setSourcesApi(
      stubSourcesApi({
        previewImport: async () => preview(),
        uploadImport: async (_t, u) => {
          uploads.push(u);
          return { importId: 'imp-9', existing: false };
        },
        importView: async () => importView({ id: 'imp-9', state: 'queued' }),
      }),
    );
    const store = useImportsStore();
    await store.choose(csvFile(), 'lista.csv');
    store.setField(0, 'fullName');
    store.setField(3, 'company');
    await expect(store.upload(' c-water ', 'trade_fair')).resolves.toBe('imp-9');
    expect(uploads.map((u) => [u.fileName, u.campaignId, u.source, u.mapping])).toEqual([['lista.csv', 'c-water', 'trade_fair', { nome: 'fullName', note: 'company' }]]);
    expect(store.draft).toBeNull();
    expect(store.currentId).toBe('imp-9');
    expect(store.current?.view.state).toBe('queued');
    expect(store.current?.estimatedRows).toBe(2);
    expect(store.activeIds).toEqual(['imp-9']);
    expect(store.list.map((i) => i.id)).toEqual(['imp-9']);
  });

  it('keeps the draft and says why when the upload is refused', async () => {
    setSourcesApi(
      stubSourcesApi({
        previewImport: async () => preview(),
        uploadImport: async () => {
          throw new ApiError(413, 'the file is over the 200 MB limit');
        },
      }),
    );
    const store = useImportsStore();
    await store.choose(csvFile(), 'lista.csv');
    await store.upload('c-water');
    expect(store.uploadError).toBe('the file is over the 200 MB limit');
    expect(store.draft?.status).toBe('ready');
    expect(store.currentId).toBeNull();
  });

  it('follows live progress in order, and reads the rejected rows once the import is done', async () => {
    const done = importView({ id: 'imp-1', state: 'done', rowsRead: 3, rowsAccepted: 2, rowsRejected: 1, errors: [{ row: 3, column: null, message: 'neither a valid phone nor an e-mail' }] });
    const importViewCall = vi.fn().mockResolvedValueOnce(importView({ id: 'imp-1', state: 'queued' })).mockResolvedValue(done);
    setSourcesApi(
      stubSourcesApi({
        previewImport: async () => preview(),
        uploadImport: async () => ({ importId: 'imp-1', existing: false }),
        importView: importViewCall,
      }),
    );
    const store = useImportsStore();
    await store.choose(csvFile(), 'lista.csv');
    await store.upload('c-water');

    store.applyProgress(importSummary({ id: 'imp-1', state: 'running', rowsRead: 2 }));
    store.applyProgress(importSummary({ id: 'imp-1', state: 'running', rowsRead: 1 })); // crossed: older
    expect(store.current?.view).toMatchObject({ state: 'running', rowsRead: 2 });

    store.applyProgress(importSummary({ id: 'imp-1', state: 'done', rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 }));
    expect(store.current?.view.state).toBe('done');
    await flush();
    expect(importViewCall).toHaveBeenCalledTimes(2);
    expect(store.current?.view).toEqual(done);
    expect(store.activeIds).toEqual([]);
    expect(store.list[0]).toMatchObject({ id: 'imp-1', state: 'done', rowsRejected: 1 });
    expect('errors' in store.list[0]).toBe(false);

    // a late duplicate of the last message keeps the rejected rows on screen
    store.applyProgress(importSummary({ id: 'imp-1', state: 'done', rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 }));
    expect(store.current?.view).toEqual(done);
  });

  it('lists another import’s progress without tracking it, and shows a past import on demand', async () => {
    setSourcesApi(stubSourcesApi({ importView: async (_t, id) => importView({ id, state: 'done', rowsRead: 10, rowsAccepted: 10 }) }));
    const store = useImportsStore();
    store.applyProgress(importSummary({ id: 'imp-other', state: 'running', rowsRead: 5 }));
    expect(store.list.map((i) => i.id)).toEqual(['imp-other']);
    expect(store.tracked.size).toBe(0);
    await store.show('imp-other');
    expect(store.current?.view).toMatchObject({ id: 'imp-other', state: 'done', errors: [] });
  });

  it('loads the past imports and says when it cannot', async () => {
    setSourcesApi(stubSourcesApi({ imports: async () => ({ imports: [importSummary({ id: 'a', state: 'done' }), importSummary({ id: 'b', state: 'failed', failure: 'not a CSV file' })] }) }));
    const store = useImportsStore();
    await store.loadList();
    expect(store.list.map((i) => [i.id, i.state])).toEqual([
      ['a', 'done'],
      ['b', 'failed'],
    ]);
    setSourcesApi(stubSourcesApi({}));
    await store.loadList();
    expect(store.listStatus).toBe('error');
    expect(store.listError).toBe('unexpected call: imports');
  });
});
