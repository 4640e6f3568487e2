/**
 * The "Users and keys" page's state: the tenant's users and keys, the latest security events, the
 * retention setting; the changes an administrator makes, each followed by a fresh read; and the one
 * secret to show once (a new user's password, a new key) until the administrator hides it.
 */
import type { AccessKeyKind, AccessKeyView, PrivacySettings, Role, SecurityAuditEntry, UserAccount } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ApiError } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { adminApi } from './admin-api';
import { keyCreateBody, sortKeys } from './admin-view';

const AUDIT_PAGE = 50;

export type Revealed = { kind: 'password'; email: string; value: string } | { kind: 'key'; keyKind: AccessKeyKind; value: string };

/** What the last action did, for the page to say in the interface language. */
export type AdminNotice =
  | { kind: 'userSaved' | 'sessionsEnded'; email: string }
  | { kind: 'keyRevoked' | 'expirySaved'; label: string }
  | { kind: 'retentionSaved' }
  | { kind: 'leadErased' | 'leadNotFound'; leadId: string }
  | { kind: 'failed'; error: string };

export const useAdminStore = defineStore('admin', () => {
  const session = useSessionStore();
  const users = shallowRef<UserAccount[]>([]);
  const keys = shallowRef<AccessKeyView[]>([]);
  const audit = shallowRef<SecurityAuditEntry[]>([]);
  const auditHasMore = ref(false);
  const privacy = shallowRef<PrivacySettings | null>(null);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const forbidden = ref(false);
  const busy = ref(false);
  const revealed = shallowRef<Revealed | null>(null);
  const notice = shallowRef<AdminNotice | null>(null);

  const api = adminApi;

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      const [u, k, a, p] = await Promise.all([
        session.authorized((t) => api().users(t)),
        session.authorized((t) => api().keys(t)),
        session.authorized((t) => api().securityAudit(t, { limit: AUDIT_PAGE })),
        session.authorized((t) => api().privacy(t)),
      ]);
      users.value = u;
      keys.value = sortKeys(k);
      audit.value = a;
      auditHasMore.value = a.length === AUDIT_PAGE;
      privacy.value = p;
      loadError.value = null;
      forbidden.value = false;
    } catch (err) {
      forbidden.value = err instanceof ApiError && err.status === 403;
      loadError.value = message(err);
    } finally {
      loading.value = false;
    }
  }

  async function moreAudit(): Promise<void> {
    const last = audit.value[audit.value.length - 1];
    if (!last) return;
    const page = await session.authorized((t) => api().securityAudit(t, { before: last.id, limit: AUDIT_PAGE }));
    audit.value = [...audit.value, ...page];
    auditHasMore.value = page.length === AUDIT_PAGE;
  }

  /** Runs a change, says what came of it, and reads everything again (the audit shows the change too). */
  async function act(work: () => Promise<AdminNotice | null>): Promise<void> {
    busy.value = true;
    try {
      notice.value = await work();
    } catch (err) {
      notice.value = { kind: 'failed', error: message(err) };
    } finally {
      busy.value = false;
    }
    await refresh();
  }

  const createUser = (email: string, role: Role) =>
    act(async () => {
      const created = await session.authorized((t) => api().createUser(t, { email, role }));
      revealed.value = { kind: 'password', email: created.email, value: created.password };
      return null;
    });

  const updateUser = (user: UserAccount, patch: { role?: Role; disabled?: boolean }) =>
    act(async () => {
      await session.authorized((t) => api().updateUser(t, user.userId, patch));
      return { kind: 'userSaved', email: user.email };
    });

  const endSessions = (user: UserAccount) =>
    act(async () => {
      await session.authorized((t) => api().endSessions(t, user.userId));
      return { kind: 'sessionsEnded', email: user.email };
    });

  const createKey = (form: { kind: AccessKeyKind; label: string; campaigns: string; expiresAt: string }) =>
    act(async () => {
      const created = await session.authorized((t) => api().createKey(t, keyCreateBody(form)));
      revealed.value = { kind: 'key', keyKind: created.kind, value: created.key };
      return null;
    });

  const setExpiry = (key: AccessKeyView, expiresAt: string | null, label: string) =>
    act(async () => {
      await session.authorized((t) => api().updateKey(t, key.keyId, { expiresAt }));
      return { kind: 'expirySaved', label };
    });

  const revokeKey = (key: AccessKeyView, label: string) =>
    act(async () => {
      await session.authorized((t) => api().revokeKey(t, key.keyId));
      return { kind: 'keyRevoked', label };
    });

  const setRetention = (retentionMonths: number | null) =>
    act(async () => {
      await session.authorized((t) => api().setPrivacy(t, { retentionMonths }));
      return { kind: 'retentionSaved' };
    });

  const eraseLead = (leadId: string) =>
    act(async () => {
      try {
        await session.authorized((t) => api().eraseLead(t, leadId));
        return { kind: 'leadErased', leadId };
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return { kind: 'leadNotFound', leadId };
        throw err;
      }
    });

  function hideSecret(): void {
    revealed.value = null;
  }

  function dismissNotice(): void {
    notice.value = null;
  }

  return {
    users,
    keys,
    audit,
    auditHasMore,
    privacy,
    loading,
    loadError,
    forbidden,
    busy,
    revealed,
    notice,
    refresh,
    moreAudit,
    createUser,
    updateUser,
    endSessions,
    createKey,
    setExpiry,
    revokeKey,
    setRetention,
    eraseLead,
    hideSecret,
    dismissNotice,
  };
});

function message(err: unknown): string {
  if (err instanceof ApiError && err.body && typeof err.body === 'object' && Array.isArray((err.body as { errors?: unknown }).errors)) {
    const errors = (err.body as { errors: { path: string; message: string }[] }).errors;
    return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
  }
  return err instanceof Error ? err.message : String(err);
}
