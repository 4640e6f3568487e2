/**
 * Alert constants the dashboard reads, in a module that builds no zod schema at load time (the
 * dashboard's bundle must not carry zod: docs/ARCHITECTURE.md).
 */
import type { AlertRule } from './alerts';

/**
 * Rules raised once per offending call, at once and without hysteresis: each alert is one past call,
 * keyed on the call's event id; never resolved automatically, ended by acknowledging it.
 */
export const PER_CALL_ALERT_RULES = ['dnc_violation', 'lost_lead_called'] as const satisfies readonly AlertRule[];
export type PerCallAlertRule = (typeof PER_CALL_ALERT_RULES)[number];
