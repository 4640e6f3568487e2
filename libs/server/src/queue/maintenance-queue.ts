/**
 * The worker's scheduled work: BullMQ job schedulers (repeatable jobs), each tick added once per
 * interval whatever the number of workers and taken by one of them. Three queues, so that the
 * frequent ticks (alerts, callbacks: seconds) never wait behind a housekeeping run (minutes).
 * docs/ARCHITECTURE.md ("Scheduled jobs") lists every one with its interval and guards.
 */
export const MAINTENANCE_QUEUE = 'maintenance';
/** Erases the personal data of leads past their tenant's retention, and prunes the security audit. */
export const PRIVACY_RETENTION_JOB = 'privacy-retention';
/** Drops counter rows that no figure reads any more (minute/hour buckets past their window, zeroed rows). */
export const STATS_RETENTION_JOB = 'stats-retention';
/** Queues again the CSV imports stored but never queued (the API stopped between commit and add). */
export const IMPORT_RECOVERY_JOB = 'import-recovery';

/** Alert evaluation of every active campaign, once per ALERT_EVAL_INTERVAL_MS. */
export const ALERTS_QUEUE = 'alerts';
export const ALERT_EVALUATION_JOB = 'alert-evaluation';

/** The personal-callback scan (due pushes, releases to the pool), once per CALLBACK_SCAN_INTERVAL_MS. */
export const CALLBACKS_QUEUE = 'callbacks';
export const CALLBACK_SCAN_JOB = 'callback-scan';
/** Recomputes, in sets, the priority of open leads whose freshness still decays (docs/DOMAIN.md, "Who to call first"). */
export const PRIORITY_DECAY_JOB = 'priority-decay';
