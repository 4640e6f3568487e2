/** Alerts in the interface language (view/alert-text.ts), with operator ids shown as names. */
import type { AlertView } from '@leadboard/contracts';
import { useI18n } from 'vue-i18n';
import { alertText } from '../view/alert-text';
import { useLocale } from './use-locale';

export function useAlertText(operatorName: (id: string | null) => string | null = (id) => id) {
  const { t, te } = useI18n();
  const locale = useLocale();
  return (alert: AlertView): string => {
    const params = { ...alert.params };
    for (const key of ['operatorId', 'busiestOperatorId', 'leastOperatorId']) {
      const id = params[key];
      if (typeof id === 'string') params[key] = operatorName(id) ?? id;
    }
    return alertText({ ...alert, params }, locale.value, (k, p) => t(k, p), (k) => te(k, 'en'));
  };
}

/** Critical first, then the newest. */
export function alertOrder(a: AlertView, b: AlertView): number {
  if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  return a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0;
}
