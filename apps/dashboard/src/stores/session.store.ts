/**
 * Who the dashboard talks as: a logged-in user (token from POST /auth/login, kept in
 * sessionStorage) or a wall screen (token from `/?wall=<token>`, no login). Any 401 ends the
 * session; the app then shows the login page with the reason.
 */
import type { WhoAmI } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { UnauthorizedError, apiClient } from '../api/api-client';

export type SessionKind = 'user' | 'wall';
/** Why a session ended without the user asking: shown on the login page. */
export type SessionEndReason = 'expired' | 'wallRefused';

export const SESSION_STORAGE_KEY = 'leadboard.session';

interface StoredSession {
  token: string;
  kind: SessionKind;
  expiresAt: string | null;
}

function readStored(): StoredSession | null {
  try {
    const raw = window.sessionStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof parsed.token !== 'string' || (parsed.kind !== 'user' && parsed.kind !== 'wall')) return null;
    const expiresAt = typeof parsed.expiresAt === 'string' ? parsed.expiresAt : null;
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) return null;
    return { token: parsed.token, kind: parsed.kind, expiresAt };
  } catch {
    return null;
  }
}

function writeStored(session: StoredSession | null): void {
  try {
    if (session) window.sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else window.sessionStorage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // storage disabled: the session lasts as long as the page
  }
}

export const useSessionStore = defineStore('session', () => {
  const stored = readStored();
  const token = ref<string | null>(stored?.token ?? null);
  const kind = ref<SessionKind | null>(stored?.kind ?? null);
  const expiresAt = ref<string | null>(stored?.expiresAt ?? null);
  const whoAmI = shallowRef<WhoAmI | null>(null);
  const endReason = ref<SessionEndReason | null>(null);

  const isWall = computed(() => kind.value === 'wall');

  function start(next: StoredSession): void {
    token.value = next.token;
    kind.value = next.kind;
    expiresAt.value = next.expiresAt;
    whoAmI.value = null;
    endReason.value = null;
    writeStored(next);
  }

  async function login(email: string, password: string): Promise<void> {
    const res = await apiClient().login({ email: email.trim().toLowerCase(), password });
    start({ token: res.accessToken, kind: 'user', expiresAt: res.expiresAt });
  }

  /** A wall screen's token from the URL: used as is, for REST and for the live channel. */
  function enterWallToken(wallToken: string): void {
    if (token.value === wallToken && kind.value === 'wall') return;
    start({ token: wallToken, kind: 'wall', expiresAt: null });
  }

  function end(reason: SessionEndReason | null): void {
    token.value = null;
    kind.value = null;
    expiresAt.value = null;
    whoAmI.value = null;
    endReason.value = reason;
    writeStored(null);
  }

  /** The server refused the token (REST 401 or the socket's 'unauthorized'). */
  function rejected(): void {
    end(kind.value === 'wall' ? 'wallRefused' : 'expired');
  }

  function logout(): void {
    end(null);
  }

  /** Runs an authorised call; a 401 ends the session (and the app goes back to login). */
  async function authorized<T>(call: (token: string) => Promise<T>): Promise<T> {
    const current = token.value;
    if (!current) throw new UnauthorizedError('not logged in');
    try {
      return await call(current);
    } catch (err) {
      if (err instanceof UnauthorizedError && token.value === current) rejected();
      throw err;
    }
  }

  async function loadWhoAmI(): Promise<WhoAmI> {
    const me = await authorized((t) => apiClient().whoAmI(t));
    whoAmI.value = me;
    return me;
  }

  return {
    token,
    kind,
    expiresAt,
    whoAmI,
    endReason,
    isWall,
    login,
    enterWallToken,
    rejected,
    logout,
    authorized,
    loadWhoAmI,
  };
});
