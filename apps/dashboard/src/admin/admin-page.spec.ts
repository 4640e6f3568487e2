/** The "Users and keys" page against a fake API: what it shows, what each button sends, secrets shown once. */
import type { AccessKeyView, KeyCreated, SecurityAuditEntry, UserAccount, UserCreated, WhoAmI } from '@leadboard/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-client';
import { createAppI18n } from '../i18n/i18n';
import { useSessionStore } from '../stores/session.store';
import { createAdminApi, setAdminApi, type AdminApi } from './admin-api';
import AdminPage from './admin-page.vue';

const user = (email: string, extra: Partial<UserAccount> = {}): UserAccount => ({
  userId: `id-${email}`, email, role: 'supervisor', disabled: false, disabledAt: null, createdAt: '2026-11-23T09:00:00Z', ...extra,
});
const key = (keyId: string, extra: Partial<AccessKeyView> = {}): AccessKeyView => ({
  keyId, kind: 'wall', label: `TV ${keyId}`, campaignIds: null, createdAt: '2026-11-23T09:00:00Z', expiresAt: null, revokedAt: null, state: 'active', ...extra,
});
const event = (id: string, extra: Partial<SecurityAuditEntry> = {}): SecurityAuditEntry => ({
  id, at: '2026-11-23T09:00:00Z', event: 'login.failed', actor: { kind: 'anonymous', id: null }, target: null, ip: '10.0.0.1', status: 401, route: '/api/v1/auth/login', count: 3, detail: {}, ...extra,
});

function fakeApi(): AdminApi & Record<keyof AdminApi, ReturnType<typeof vi.fn>> {
  return {
    users: vi.fn(async () => [user('admin@example.it', { role: 'admin' }), user('giulia@example.it')]),
    createUser: vi.fn(async (_t: string, b: { email: string; role: string }): Promise<UserCreated> => ({ ...user(b.email), password: 'generated-Pa55' })),
    updateUser: vi.fn(async () => user('giulia@example.it', { disabled: true })),
    endSessions: vi.fn(async () => user('giulia@example.it')),
    keys: vi.fn(async () => [key('k-1'), key('k-2', { state: 'revoked', revokedAt: '2026-11-23T10:00:00Z' })]),
    createKey: vi.fn(async (): Promise<KeyCreated> => ({ ...key('k-3'), key: 'lbw_new-secret' })),
    updateKey: vi.fn(async () => key('k-1')),
    revokeKey: vi.fn(async () => key('k-1', { state: 'revoked' })),
    securityAudit: vi.fn(async () => [event('2'), event('1', { event: 'key.revoked', actor: { kind: 'cli', id: null }, count: 1 })]),
    privacy: vi.fn(async () => ({ retentionMonths: 24 })),
    setPrivacy: vi.fn(async (_t: string, s: { retentionMonths: number | null }) => s),
    eraseLead: vi.fn(async () => ({ leadId: 'L-1', erasedAt: '', stores: {} })),
  } as never;
}

async function mountPage(api: AdminApi, who: Partial<WhoAmI> = {}) {
  setAdminApi(api);
  const session = useSessionStore();
  session.enterWallToken('token');
  session.kind = 'user';
  session.whoAmI = { kind: 'user', tenantId: 't', tenantName: 'Call Center Milano', role: 'admin', email: 'admin@example.it', campaignIds: null, ...who };
  const wrapper = mount(AdminPage, { global: { plugins: [createAppI18n('en')], stubs: { RouterLink: { template: '<a><slot /></a>' } }, mocks: { $router: {} } } });
  await flushPromises();
  return wrapper;
}

vi.mock('vue-router', () => ({ useRouter: () => ({ replace: vi.fn() }), RouterLink: { template: '<a><slot /></a>' } }));

describe('admin page', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    setAdminApi(createAdminApi());
    vi.restoreAllMocks();
  });

  it('lists users, keys (active first, never a secret) and security events with their count', async () => {
    const w = await mountPage(fakeApi());
    expect(w.findAll('[data-testid="user-row"]').map((r) => r.attributes('data-email'))).toEqual(['admin@example.it', 'giulia@example.it']);
    expect(w.findAll('[data-testid="key-row"]').map((r) => r.attributes('data-state'))).toEqual(['active', 'revoked']);
    expect(w.findAll('[data-testid="security-event"]')[0].text()).toMatch(/Failed login\s*×3/);
    expect(w.text()).toContain('command line');
    expect((w.find('[data-testid="retention-months"]').element as HTMLInputElement).value).toBe('24');
    // an administrator cannot disable themselves: no buttons on their own row
    expect(w.findAll('[data-testid="user-row"]')[0].find('[data-testid="user-disable"]').exists()).toBe(false);
  });

  it('disables a user and ends sessions, then reads everything again and says so', async () => {
    const api = fakeApi();
    const w = await mountPage(api);
    await w.findAll('[data-testid="user-row"]')[1].find('[data-testid="user-disable"]').trigger('click');
    await flushPromises();
    expect(api.updateUser).toHaveBeenCalledWith('token', 'id-giulia@example.it', { disabled: true });
    expect(api.users).toHaveBeenCalledTimes(2);
    expect(w.find('[data-testid="admin-notice"]').text()).toContain('giulia@example.it: saved');
    await w.findAll('[data-testid="user-row"]')[1].find('[data-testid="user-end-sessions"]').trigger('click');
    await flushPromises();
    expect(api.endSessions).toHaveBeenCalledWith('token', 'id-giulia@example.it');
  });

  it('shows a new user’s password and a new wall token (with its address) once, until hidden', async () => {
    const api = fakeApi();
    const w = await mountPage(api);
    await w.find('[data-testid="user-add-email"]').setValue('marco@example.it');
    await w.find('[data-testid="user-add-role"]').setValue('manager');
    await w.find('[data-testid="user-add"]').trigger('submit');
    await flushPromises();
    expect(api.createUser).toHaveBeenCalledWith('token', { email: 'marco@example.it', role: 'manager' });
    expect(w.find('[data-testid="secret-value"]').text()).toBe('generated-Pa55');
    await w.find('[data-testid="secret-hide"]').trigger('click');
    expect(w.find('[data-testid="secret-reveal"]').exists()).toBe(false);

    await w.find('[data-testid="key-add-label"]').setValue('Hall TV');
    await w.find('[data-testid="key-add-campaigns"]').setValue('c-water, c-solar');
    await w.find('[data-testid="key-add"]').trigger('submit');
    await flushPromises();
    expect(api.createKey).toHaveBeenCalledWith('token', { kind: 'wall', label: 'Hall TV', campaignIds: ['c-water', 'c-solar'], expiresAt: null });
    expect(w.find('[data-testid="secret-value"]').text()).toBe('lbw_new-secret');
    expect(w.find('[data-testid="secret-wall-url"]').text()).toMatch(/\/\?wall=lbw_new-secret$/);
  });

  it('revokes a key and erases a lead only once confirmed', async () => {
    const api = fakeApi();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValue(true);
    const w = await mountPage(api);
    const revoke = () => w.findAll('[data-testid="key-row"]')[0].find('[data-testid="key-revoke"]').trigger('click');
    await revoke();
    expect(api.revokeKey).not.toHaveBeenCalled();
    await revoke();
    await flushPromises();
    expect(api.revokeKey).toHaveBeenCalledWith('token', 'k-1');
    expect(confirm.mock.calls[0][0]).toContain('TV k-1');

    await w.find('[data-testid="erase-lead-id"]').setValue('L-1');
    await w.find('[data-testid="erase"]').trigger('submit');
    await flushPromises();
    expect(api.eraseLead).toHaveBeenCalledWith('token', 'L-1');
    expect(w.find('[data-testid="admin-notice"]').attributes('data-kind')).toBe('leadErased');
  });

  it('sets and clears the retention, and says when a lead is unknown', async () => {
    const api = fakeApi();
    api.eraseLead.mockRejectedValueOnce(new ApiError(404, 'lead L-9 not found'));
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const w = await mountPage(api);
    await w.find('[data-testid="retention-months"]').setValue('');
    await w.find('[data-testid="retention"]').trigger('submit');
    await flushPromises();
    expect(api.setPrivacy).toHaveBeenCalledWith('token', { retentionMonths: null });
    await w.find('[data-testid="erase-lead-id"]').setValue('L-9');
    await w.find('[data-testid="erase"]').trigger('submit');
    await flushPromises();
    expect(w.find('[data-testid="admin-notice"]').text()).toContain('Lead L-9 not found');
  });

  it('is for administrators only', async () => {
    const api = fakeApi();
    const w = await mountPage(api, { role: 'manager' });
    expect(w.find('[data-testid="admin-forbidden"]').text()).toContain('Manager'.toLowerCase());
    expect(api.users).not.toHaveBeenCalled();
  });
});
