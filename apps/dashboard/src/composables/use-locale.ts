import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { isLocale, type Locale } from '../i18n/locales';

/** The interface language as a typed value, for Intl formatting in components. */
export function useLocale() {
  const { locale } = useI18n();
  return computed<Locale>(() => (isLocale(locale.value) ? locale.value : 'en'));
}
