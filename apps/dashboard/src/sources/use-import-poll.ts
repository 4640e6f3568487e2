/**
 * The polling fallback of the import progress: while an import runs, one that no live `import`
 * message (nor a read) was heard of for `quietMs` is read with `GET /imports/{id}` — the socket
 * may be down, or the page opened after the messages went by.
 */
import { usePoll, type Poll } from '../composables/use-poll';
import { useImportsStore } from './imports.store';

export const IMPORT_POLL_MS = 2_000;
export const IMPORT_QUIET_MS = 3_000;

export function useImportPoll(opts: { intervalMs?: number; quietMs?: number } = {}): Poll {
  const imports = useImportsStore();
  const quietMs = opts.quietMs ?? IMPORT_QUIET_MS;
  return usePoll(
    async () => {
      const now = Date.now();
      const quiet = imports.activeIds.filter((id) => now - (imports.tracked.get(id)?.heardAt ?? 0) >= quietMs);
      await Promise.all(quiet.map((id) => imports.refreshImport(id)));
    },
    opts.intervalMs ?? IMPORT_POLL_MS,
    { immediate: false },
  );
}
