/**
 * The REST calls of priority and the hot-lead queue (contract.md, "Priority, accounts, contribution,
 * what-if"), through the shared client's `request`: the queue, its CSV, the target and its preview, and
 * saving the target with the campaign's settings.
 */
import type { CampaignSettings, QueueResponse, TargetPreview, TargetRuleInput, TargetSettingsView } from '@leadboard/contracts';
import { request } from '../api/api-client';

export interface PriorityApi {
  queue(token: string, campaignId: string, limit: number): Promise<QueueResponse>;
  queueCsv(token: string, campaignId: string): Promise<Blob>;
  target(token: string, campaignId: string): Promise<TargetSettingsView>;
  preview(token: string, campaignId: string, target: TargetRuleInput[]): Promise<TargetPreview>;
  saveTarget(token: string, campaignId: string, patch: { target: TargetRuleInput[]; hotThreshold: number }): Promise<CampaignSettings>;
}

type Fetch = typeof fetch;
const seg = encodeURIComponent;

export function createPriorityApi(fetchFn: Fetch = (...args) => fetch(...args)): PriorityApi {
  return {
    queue: (token, id, limit) => request(fetchFn, `/api/v1/campaigns/${seg(id)}/queue?limit=${limit}`, { token }),
    queueCsv: (token, id) => request(fetchFn, `/api/v1/campaigns/${seg(id)}/queue.csv`, { token, as: 'blob' }),
    target: (token, id) => request(fetchFn, `/api/v1/campaigns/${seg(id)}/target`, { token }),
    preview: (token, id, target) => request(fetchFn, `/api/v1/campaigns/${seg(id)}/target/preview`, { method: 'POST', token, body: { target } }),
    saveTarget: (token, id, patch) => request(fetchFn, `/api/v1/campaigns/${seg(id)}`, { method: 'PATCH', token, body: patch }),
  };
}

let api: PriorityApi = createPriorityApi();

export function priorityApi(): PriorityApi {
  return api;
}

/** Tests replace the client. */
export function setPriorityApi(next: PriorityApi): void {
  api = next;
}
