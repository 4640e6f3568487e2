import { SECURITY_EVENTS, type AccessKeyView } from '@leadboard/contracts';
import { describe, expect, it } from 'vitest';
import { fromLocalInput, keyCreateBody, parseCampaignList, securityEventKey, sortKeys, toLocalInput, wallScreenUrl } from './admin-view';

const key = (keyId: string, state: AccessKeyView['state'], createdAt: string): AccessKeyView => ({
  keyId, kind: 'wall', label: null, campaignIds: null, createdAt, expiresAt: null, revokedAt: null, state,
});

describe('admin view', () => {
  it('reads a campaign list, dropping blanks and repeats; empty means every campaign', () => {
    expect(parseCampaignList(' c-water, c-solar,,c-water ')).toEqual(['c-water', 'c-solar']);
    expect(parseCampaignList(' , ')).toBeNull();
  });

  it('turns the form into the API’s body: campaigns for wall tokens only, expiry as ISO', () => {
    const local = toLocalInput('2031-05-04T10:30:00.000Z');
    expect(fromLocalInput(local)).toBe('2031-05-04T10:30:00.000Z');
    expect(keyCreateBody({ kind: 'wall', label: ' Hall TV ', campaigns: 'c-1', expiresAt: local })).toEqual({
      kind: 'wall', label: 'Hall TV', campaignIds: ['c-1'], expiresAt: '2031-05-04T10:30:00.000Z',
    });
    expect(keyCreateBody({ kind: 'ingest', label: '', campaigns: 'c-1', expiresAt: '' })).toEqual({ kind: 'ingest', campaignIds: null, expiresAt: null });
  });

  it('lists active keys first, newest first', () => {
    const sorted = sortKeys([key('a', 'revoked', '2026-01-03'), key('b', 'active', '2026-01-01'), key('c', 'active', '2026-01-02'), key('d', 'expired', '2026-01-04')]);
    expect(sorted.map((k) => k.keyId)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('builds the wall screen’s address and the translation key of every security event', () => {
    expect(wallScreenUrl('http://tv.local:4200', 'lbw_a+b')).toBe('http://tv.local:4200/?wall=lbw_a%2Bb');
    expect(SECURITY_EVENTS.map(securityEventKey)).toContain('admin.audit.events.login_failed');
    expect(SECURITY_EVENTS.map(securityEventKey).every((k) => k.split('.').length === 4)).toBe(true);
  });
});
