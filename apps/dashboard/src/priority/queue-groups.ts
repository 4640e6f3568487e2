/**
 * The managers' queue grouped by account (company): one group per company with its leads in the queue's
 * own order (hottest first), the groups ordered by their hottest lead — so the company to call first is on
 * top — and the leads that named no company together in one group (`accountId: null`, "No company"),
 * ordered like any other. Pure: the page only renders it.
 */
import type { QueueItem } from '@leadboard/contracts';

export interface QueueGroup {
  /** null: the leads without a company. */
  accountId: string | null;
  /** The company's name; null for the leads without a company. */
  name: string | null;
  /** The group's leads, in queue order. */
  items: QueueItem[];
  /** The hottest lead's priority (the first item's). */
  bestPriority: number;
  /** How many of the group's leads are hot. */
  hot: number;
}

/** Groups `items` (already in queue order: priority desc, longest wait, id) by the lead's account. */
export function groupQueueByAccount(items: readonly QueueItem[]): QueueGroup[] {
  const groups = new Map<string | null, QueueGroup>();
  for (const item of items) {
    const accountId = item.account?.accountId ?? null;
    let group = groups.get(accountId);
    if (!group) {
      // the first lead seen of a group is its hottest: the map's insertion order is the groups' order
      group = { accountId, name: item.account?.name ?? null, items: [], bestPriority: item.priority, hot: 0 };
      groups.set(accountId, group);
    }
    group.items.push(item);
    if (item.hot) group.hot += 1;
  }
  return [...groups.values()];
}
