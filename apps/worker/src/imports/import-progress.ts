/**
 * Pushes an import's progress to its tenant's dashboards: at most every 500 ms per import while it
 * runs (a million-row file must not flood the sockets), and always its start and its end.
 */
import { Injectable } from '@nestjs/common';
import { ImportRepository } from '@leadboard/server';
import { LivePublisher } from '@leadboard/server';

export const IMPORT_PROGRESS_INTERVAL_MS = 500;

@Injectable()
export class ImportProgress {
  private readonly lastPush = new Map<string, number>();

  constructor(
    private readonly imports: ImportRepository,
    private readonly publisher: LivePublisher,
  ) {}

  /** A push unless one went out less than the interval ago. */
  async maybePush(importId: string): Promise<void> {
    if (Date.now() - (this.lastPush.get(importId) ?? 0) < IMPORT_PROGRESS_INTERVAL_MS) return;
    await this.push(importId);
  }

  async push(importId: string, final = false): Promise<void> {
    this.lastPush.set(importId, Date.now());
    if (final) this.lastPush.delete(importId);
    const found = await this.imports.summaryById(importId);
    if (found) this.publisher.importProgress(found.tenantId, found.summary);
  }
}
