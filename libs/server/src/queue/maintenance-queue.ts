/** The worker's scheduled housekeeping (a BullMQ job scheduler: one run per interval across all workers). */
export const MAINTENANCE_QUEUE = 'maintenance';
/** Erases the personal data of leads past their tenant's retention, and prunes the security audit. */
export const PRIVACY_RETENTION_JOB = 'privacy-retention';
