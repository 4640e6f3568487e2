/**
 * The administrators' REST calls ("Users and keys": users, keys and wall tokens, the security audit,
 * retention and erasure), through the shared client's `request`, so a 401 ends the session as anywhere.
 */
import type {
  AccessKeyView,
  KeyCreate,
  KeyCreated,
  KeyPatch,
  LeadErasure,
  PrivacySettings,
  SecurityAuditEntry,
  UserAccount,
  UserCreate,
  UserCreated,
  UserPatch,
} from '@leadboard/contracts';
import { request } from '../api/api-client';

export interface AdminApi {
  users(token: string): Promise<UserAccount[]>;
  createUser(token: string, body: UserCreate): Promise<UserCreated>;
  updateUser(token: string, userId: string, patch: UserPatch): Promise<UserAccount>;
  endSessions(token: string, userId: string): Promise<UserAccount>;
  keys(token: string): Promise<AccessKeyView[]>;
  createKey(token: string, body: KeyCreate): Promise<KeyCreated>;
  updateKey(token: string, keyId: string, patch: KeyPatch): Promise<AccessKeyView>;
  revokeKey(token: string, keyId: string): Promise<AccessKeyView>;
  securityAudit(token: string, query: { before?: string; limit?: number }): Promise<SecurityAuditEntry[]>;
  privacy(token: string): Promise<PrivacySettings>;
  setPrivacy(token: string, settings: PrivacySettings): Promise<PrivacySettings>;
  eraseLead(token: string, leadId: string): Promise<LeadErasure>;
}

type Fetch = typeof fetch;
const seg = encodeURIComponent;

export function createAdminApi(fetchFn: Fetch = (...args) => fetch(...args)): AdminApi {
  return {
    users: (token) => request(fetchFn, '/api/v1/admin/users', { token }),
    createUser: (token, body) => request(fetchFn, '/api/v1/admin/users', { method: 'POST', token, body }),
    updateUser: (token, id, patch) => request(fetchFn, `/api/v1/admin/users/${seg(id)}`, { method: 'PATCH', token, body: patch }),
    endSessions: (token, id) => request(fetchFn, `/api/v1/admin/users/${seg(id)}/end-sessions`, { method: 'POST', token }),
    keys: (token) => request(fetchFn, '/api/v1/admin/keys', { token }),
    createKey: (token, body) => request(fetchFn, '/api/v1/admin/keys', { method: 'POST', token, body }),
    updateKey: (token, id, patch) => request(fetchFn, `/api/v1/admin/keys/${seg(id)}`, { method: 'PATCH', token, body: patch }),
    revokeKey: (token, id) => request(fetchFn, `/api/v1/admin/keys/${seg(id)}/revoke`, { method: 'POST', token }),
    securityAudit: (token, q) => {
      const params = new URLSearchParams();
      if (q.before) params.set('before', q.before);
      if (q.limit) params.set('limit', String(q.limit));
      const s = params.toString();
      return request(fetchFn, `/api/v1/security-audit${s ? `?${s}` : ''}`, { token });
    },
    privacy: (token) => request(fetchFn, '/api/v1/admin/privacy', { token }),
    setPrivacy: (token, settings) => request(fetchFn, '/api/v1/admin/privacy', { method: 'PUT', token, body: settings }),
    eraseLead: (token, id) => request(fetchFn, `/api/v1/leads/${seg(id)}/erase`, { method: 'POST', token }),
  };
}

let api: AdminApi = createAdminApi();

export function adminApi(): AdminApi {
  return api;
}

/** Tests replace the client. */
export function setAdminApi(next: AdminApi): void {
  api = next;
}
