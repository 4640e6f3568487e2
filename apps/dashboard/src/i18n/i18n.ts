/** vue-i18n set-up: it, fr, en; numbers and percentages through Intl in the current locale. */
import type { Ref } from 'vue';
import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './messages/en';
import { fr } from './messages/fr';
import { it } from './messages/it';
import { adminEn, type AdminMessages } from './admin/en';
import { adminFr } from './admin/fr';
import { adminIt } from './admin/it';
import { managerEn, type ManagerMessages } from './manager/en';
import { managerFr } from './manager/fr';
import { managerIt } from './manager/it';
import { priorityEn, type PriorityMessages } from './priority/en';
import { priorityFr } from './priority/fr';
import { priorityIt } from './priority/it';
import { sourcesEn, type SourcesMessages } from './sources/en';
import { sourcesFr } from './sources/fr';
import { sourcesIt } from './sources/it';
import { contributionEn, type ContributionMessages } from './contribution/en';
import { contributionFr } from './contribution/fr';
import { contributionIt } from './contribution/it';
import { accountsEn, type AccountsMessages } from './accounts/en';
import { accountsFr } from './accounts/fr';
import { accountsIt } from './accounts/it';
import { FALLBACK_LOCALE, LOCALE_STORAGE_KEY, initialLocale, type Locale } from './locales';

/**
 * The app's messages: the shared ones, the managers' view under `manager` (i18n/manager/*), the
 * Sources page under `sources` (i18n/sources/*), the administrators' page under `admin` (i18n/admin/*),
 * "who made it happen" and the wall's leaderboard under `contribution` (i18n/contribution/*);
 * B2B accounts and the campaign settings panel under `accounts` (i18n/accounts/*).
 */
export type AppMessages = MessageSchema & { manager: ManagerMessages; sources: SourcesMessages; admin: AdminMessages; contribution: ContributionMessages; priority: PriorityMessages; accounts: AccountsMessages };

export const messages: Record<Locale, AppMessages> = {
  it: { ...it, manager: managerIt, sources: sourcesIt, admin: adminIt, contribution: contributionIt, priority: priorityIt, accounts: accountsIt },
  fr: { ...fr, manager: managerFr, sources: sourcesFr, admin: adminFr, contribution: contributionFr, priority: priorityFr, accounts: accountsFr },
  en: { ...en, manager: managerEn, sources: sourcesEn, admin: adminEn, contribution: contributionEn, priority: priorityEn, accounts: accountsEn },
};

function browserEnv() {
  if (typeof window === 'undefined') return {};
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    // storage can be disabled (private mode, kiosk policies): the browser language still works
  }
  return {
    search: window.location.search,
    stored,
    languages: navigator.languages?.length ? navigator.languages : [navigator.language],
  };
}

export function createAppI18n(locale: Locale = initialLocale(browserEnv())) {
  const i18n = createI18n<[AppMessages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: FALLBACK_LOCALE,
    messages,
    missingWarn: false,
    fallbackWarn: false,
  });
  applyDocumentLanguage(locale);
  return i18n;
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** Switches the interface language: messages, `<html lang>`, and the choice kept for next time. */
export function applyLocale(current: Ref<string>, locale: Locale): void {
  current.value = locale;
  applyDocumentLanguage(locale);
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not persisted: the choice still holds for this page
  }
}

export function setLocale(i18n: AppI18n, locale: Locale): void {
  applyLocale(i18n.global.locale, locale);
}

function applyDocumentLanguage(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
