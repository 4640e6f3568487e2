/**
 * The REST calls of B2B accounts and of the campaign settings panel (contract.md, "accounts" and
 * "what-if"; `PATCH /campaigns/{id}`), through the shared client's `request` so a 401 ends the session.
 */
import type { AccountDetail, AccountPage, AccountStage, CampaignSettings, CampaignSettingsPatch, WhatIfResult } from '@leadboard/contracts';
import { request } from '../api/api-client';

export interface AccountsApi {
  accounts(token: string, query: { campaignId?: string; stage?: AccountStage; limit?: number }): Promise<AccountPage>;
  account(token: string, accountId: string): Promise<AccountDetail>;
  whatIf(token: string, campaignId: string, settings: { qualificationThreshold: number; maxAttempts: number }): Promise<WhatIfResult>;
  saveSettings(token: string, campaignId: string, patch: CampaignSettingsPatch): Promise<CampaignSettings>;
}

type Fetch = typeof fetch;

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const seg = encodeURIComponent;

/** A what-if folds a whole campaign again: give it longer than an ordinary read. */
export const WHAT_IF_TIMEOUT_MS = 30_000;

export function createAccountsApi(fetchFn: Fetch = (...args) => fetch(...args)): AccountsApi {
  return {
    accounts: (token, q) => request(fetchFn, `/api/v1/accounts${query({ campaignId: q.campaignId, stage: q.stage, limit: q.limit })}`, { token }),
    account: (token, id) => request(fetchFn, `/api/v1/accounts/${seg(id)}`, { token }),
    whatIf: (token, id, s) =>
      request(fetchFn, `/api/v1/campaigns/${seg(id)}/what-if${query({ qualificationThreshold: s.qualificationThreshold, maxAttempts: s.maxAttempts })}`, {
        token,
        timeoutMs: WHAT_IF_TIMEOUT_MS,
      }),
    saveSettings: (token, id, patch) => request(fetchFn, `/api/v1/campaigns/${seg(id)}`, { method: 'PATCH', token, body: patch }),
  };
}

let api: AccountsApi = createAccountsApi();

export function accountsApi(): AccountsApi {
  return api;
}

/** Tests replace the client. */
export function setAccountsApi(next: AccountsApi): void {
  api = next;
}
