/**
 * The personal-callback scan: once per CALLBACK_SCAN_INTERVAL_MS (the `callback-scan` job scheduler,
 * CallbackScanProcessor: one tick across all workers) PostgreSQL is scanned for owned callbacks that
 * came due (pushed to the owner's dashboard) or must be released to the pool (owner offline, or overdue
 * by CALLBACK_RELEASE_AFTER_MS), and they are settled (CallbackStore; the domain's `callbackAction`
 * decides which).
 *
 * Why a scan of PostgreSQL rather than one BullMQ delayed job per callback: the callback already lives
 * on the lead (`callback_at`, kept by the domain in the event applier's transaction, moved by refolds
 * and cleared by later contacts), so the scan can never disagree with it — no job to add, move or
 * cancel, nothing to lose if Redis restarts without persistence, and a worker started after an outage
 * simply finds what came due meanwhile. The partial index `leads_callbacks_owned_due` keeps the scan
 * small. Two scans meeting (a tick overrunning its interval) are safe: rows are locked and every
 * condition checked again, and what was done is remembered on the lead.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, TenantDatabase, type AppConfig } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { LivePublisher } from '@leadboard/server';
import { CallbackStore } from './callback-store';

/** Leads settled per read; a scan reads again until fewer come back. */
const SCAN_BATCH = 500;

export interface ScanResult {
  released: number;
  due: number;
}

@Injectable()
export class CallbackScanner {
  private readonly logger = new Logger(CallbackScanner.name);
  private readonly store: CallbackStore;
  private readonly tenants: TenantDatabase;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    ds: DataSource,
    private readonly publisher: LivePublisher,
  ) {
    this.store = new CallbackStore(ds, config.callbackReleaseAfterMs);
    this.tenants = new TenantDatabase(ds);
  }

  /**
   * Settles everything due at `now`, tenant by tenant (each in its own scope: the walls' narrow path
   * for system jobs), and pushes what changed. A tenant that fails is logged; the others go on.
   */
  async scan(now: Date = new Date()): Promise<ScanResult> {
    const total: ScanResult = { released: 0, due: 0 };
    const run = await this.tenants.inEachTenantScope((tenantId) => this.scanTenant(tenantId, now, total));
    for (const f of run.failed) this.logger.warn(`callbacks of tenant ${f.tenantId} not scanned: ${f.error.message}`);
    return total;
  }

  private async scanTenant(tenantId: string, now: Date, total: ScanResult): Promise<void> {
    for (;;) {
      const found = await this.store.findDue(tenantId, now, SCAN_BATCH);
      if (!found.length) return;
      let settled = 0;
      const result = await this.store.settle(tenantId, found.map((f) => f.leadId), now);
      for (const msg of result.released) {
        this.logger.log(`${msg.moves.length} callback(s) of campaign ${msg.campaignId} (tenant ${tenantId}) released to the pool: ${msg.reason}`);
        this.publisher.reassigned(tenantId, msg);
        total.released += msg.moves.length;
        settled += msg.moves.length;
      }
      for (const msg of result.due) this.publisher.operator(tenantId, msg);
      total.due += result.due.length;
      settled += result.due.length;
      // A full batch that settled nothing would be read again unchanged: stop, the next tick retries.
      if (found.length < SCAN_BATCH || settled === 0) return;
    }
  }
}
