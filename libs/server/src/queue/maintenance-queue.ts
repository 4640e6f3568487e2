/** The worker's scheduled housekeeping (a BullMQ job scheduler: one run per interval across all workers). */
export const MAINTENANCE_QUEUE = 'maintenance';
/** Erases the personal data of leads past their tenant's retention, and prunes the security audit. */
export const PRIVACY_RETENTION_JOB = 'privacy-retention';
/** Recomputes, in sets, the priority of open leads whose freshness still decays (docs/DOMAIN.md, "Who to call first"). */
export const PRIORITY_DECAY_JOB = 'priority-decay';
