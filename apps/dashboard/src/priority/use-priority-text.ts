/** Priority reasons and waits as text in the current language (it/fr/en). */
import type { PriorityReason } from '@leadboard/contracts';
import { useI18n } from 'vue-i18n';
import { waitParts } from './use-hot-lead-queue';

export function usePriorityText() {
  const { t } = useI18n();
  /** `priority.fresh {points: 28}` → "Fresh lead (+28)". */
  const reason = (r: PriorityReason): string => t(`priority.reasons.${r.key.replace(/^priority\./, '')}`, r.params);
  const wait = (since: string | null, nowMs: number): string => {
    const p = waitParts(since, nowMs);
    return p ? t(`priority.ago.${p.unit}`, { n: p.n }) : '—';
  };
  return { t, reason, wait };
}
