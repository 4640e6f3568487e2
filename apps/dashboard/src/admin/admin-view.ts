/** Pure helpers of the "Users and keys" page (no Vue): forms to API bodies, keys in a useful order, links. */
import type { AccessKeyKind, AccessKeyView, KeyCreate, SecurityEvent } from '@leadboard/contracts';

/** The form's campaign list ("c-water, c-solar") → ids; empty → null (every campaign). */
export function parseCampaignList(text: string): string[] | null {
  const ids = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  return ids.length ? ids : null;
}

/** A `datetime-local` value (the browser's zone) → ISO; empty → null. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** ISO → a `datetime-local` value in the browser's zone (minutes). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function keyCreateBody(form: { kind: AccessKeyKind; label: string; campaigns: string; expiresAt: string }): KeyCreate {
  return {
    kind: form.kind,
    ...(form.label.trim() ? { label: form.label.trim() } : {}),
    campaignIds: form.kind === 'wall' ? parseCampaignList(form.campaigns) : null,
    expiresAt: fromLocalInput(form.expiresAt),
  };
}

const STATE_ORDER = { active: 0, expired: 1, revoked: 2 } as const;

/** Active keys first, then expired, then revoked; newest first within each. */
export function sortKeys(keys: readonly AccessKeyView[]): AccessKeyView[] {
  return [...keys].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** The dashboard address a wall screen opens with its token (no login). */
export function wallScreenUrl(origin: string, token: string): string {
  return `${origin}/?wall=${encodeURIComponent(token)}`;
}

/** vue-i18n reads dots as paths: `login.failed` is translated under `admin.audit.events.login_failed`. */
export function securityEventKey(event: SecurityEvent): string {
  return `admin.audit.events.${event.replace(/\./g, '_')}`;
}
