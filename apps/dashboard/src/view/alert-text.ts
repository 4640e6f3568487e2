/**
 * An alert in the interface language: its `messageKey` (`alerts.<rule>.<variant>`) translated with
 * its params formatted for the locale (numbers, the time of a call, durations from `*Seconds`).
 * A key the dashboard does not know falls back to the server's English `message`.
 */
import type { AlertView } from '@leadboard/contracts';
import { formatDurationWords, formatNumber, formatDateTime, formatTime } from '../format/format';

export type Translate = (key: string, params: Record<string, unknown>) => string;

export function alertParams(params: Record<string, string | number>, locale: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key === 'at' && typeof value === 'string') out[key] = formatTime(value, locale);
    // days ago, as a rule: the date matters, not only the time
    else if (key === 'notInterestedAt' && typeof value === 'string' && value) out[key] = formatDateTime(value, locale);
    else if (typeof value === 'number') out[key] = formatNumber(value, locale);
    else out[key] = String(value);
  }
  // durations as the locale writes them ("5 min", "2 h"): each `<name>Seconds` rewrites `<name>` (`slaSeconds` → `sla`,
  // `handoffSlaSeconds` → `handoffSla`) from the seconds rather than the server's English
  for (const [key, value] of Object.entries(params)) {
    const name = key.endsWith('Seconds') ? key.slice(0, -'Seconds'.length) : '';
    if (name && name in params && typeof value === 'number') out[name] = formatDurationWords(value, locale);
  }
  return out;
}

export function alertText(alert: Pick<AlertView, 'messageKey' | 'params' | 'message'>, locale: string, t: Translate, has: (key: string) => boolean): string {
  if (!alert.messageKey || !has(alert.messageKey)) return alert.message;
  return t(alert.messageKey, alertParams(alert.params ?? {}, locale));
}
