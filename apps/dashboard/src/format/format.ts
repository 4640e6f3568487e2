/**
 * Number, percentage and time formatting through Intl in the interface language. Pure functions
 * with a small cache of formatters (Intl constructors are slow and these run on every update).
 */
export const NONE = '—';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** A count: `1234` → `1,234` (en), `1.234` (it), `1 234` (fr). */
export function formatCount(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A ratio in [0, 1] as a percentage with at most one decimal; null (no denominator yet) → "—". */
export function formatRate(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

/** A wall-clock time of day in the viewer's time zone (`14:05:09`). */
export function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return NONE;
  return dateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

/** A data age as a short duration: `12 s`, `3 min`, `2 h` (unit style of the locale). */
export function formatAge(seconds: number, locale: string): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return numberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short' }).format(s);
  if (s < 3600)
    return numberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(Math.floor(s / 60));
  return numberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short' }).format(Math.floor(s / 3600));
}

/** A plain number in the locale (decimals kept, up to two). */
export function formatNumber(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** A signed difference in percentage points: `+2.5 pt` / `−1 pt` (fractions in, points out). */
export function formatPoints(delta: number | null | undefined, locale: string): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return NONE;
  return numberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(delta * 100);
}

/** A duration in the locale's short units: `45 s`, `5 min`, `2 h`, `1 h 30 min`. */
export function formatDurationWords(seconds: number, locale: string): string {
  const s = Math.max(0, Math.round(seconds));
  const unit = (n: number, u: 'second' | 'minute' | 'hour' | 'day') =>
    numberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' }).format(n);
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return s % 60 === 0 ? unit(s / 60, 'minute') : `${unit(Math.floor(s / 60), 'minute')} ${unit(s % 60, 'second')}`;
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m === 0 ? unit(h, 'hour') : `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  }
  return unit(Math.round(s / 86400), 'day');
}

/** A date and time (lead history, alert times): `23/11/2026, 14:05`. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return NONE;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return NONE;
  return dateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(date);
}

/** A time of day without seconds (chart axes). */
export function formatHourMinute(iso: string | number, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return NONE;
  return dateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
}
