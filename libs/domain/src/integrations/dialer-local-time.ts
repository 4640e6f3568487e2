/**
 * VICIdial writes `callback_datetime` and `SQLdate` as `YYYY-MM-DD HH:MM:SS` in the dialer's own
 * local time, with no zone: the tenant's VICIdial time zone says which one. A local time that does
 * not exist (the hour skipped when clocks go forward) is moved forward by the gap; one that happens
 * twice (clocks go back) is read as the second of the two, in standard time — luxon's rules, written
 * down in the docs.
 */
import { DateTime } from 'luxon';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

export type LocalTimeReading = { kind: 'absent' } | { kind: 'instant'; iso: string } | { kind: 'invalid' };

/** Empty and VICIdial's "no date" (`0000-00-00 00:00:00`) are absent; anything unreadable is invalid. */
export function readDialerLocalTime(value: string | undefined, timeZone: string): LocalTimeReading {
  const text = (value ?? '').trim();
  if (!text || /^0000-00-00/.test(text)) return { kind: 'absent' };
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return { kind: 'invalid' };
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  const local = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: timeZone });
  if (!local.isValid || local.day !== day || local.month !== month) return { kind: 'invalid' };
  return { kind: 'instant', iso: local.toUTC().toISO({ suppressMilliseconds: true }) as string };
}
