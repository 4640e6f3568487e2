/**
 * The tenant's VICIdial settings (`GET/PUT /api/v1/integrations/vicidial`): the dialer's time zone,
 * the default campaign, and the three URLs to paste into VICIdial.
 */
import type { VicidialSettingsView } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { useSessionStore } from '../stores/session.store';
import { sourcesApi } from './sources-api';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const useVicidialStore = defineStore('vicidial', () => {
  const settings = shallowRef<VicidialSettingsView | null>(null);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  const saving = ref(false);
  const saveError = ref<string | null>(null);
  /** True after a save, until the next edit is saved or fails. */
  const saved = ref(false);

  const session = () => useSessionStore();

  async function load(): Promise<void> {
    if (!settings.value) status.value = 'loading';
    try {
      settings.value = await session().authorized((t) => sourcesApi().vicidialSettings(t));
      status.value = 'ready';
      error.value = null;
    } catch (err) {
      status.value = 'error';
      error.value = errorText(err);
    }
  }

  /** Saves the time zone (and keeps the default campaign as it is). */
  async function saveTimeZone(timeZone: string): Promise<boolean> {
    saving.value = true;
    saveError.value = null;
    saved.value = false;
    try {
      settings.value = await session().authorized((t) =>
        sourcesApi().saveVicidialSettings(t, { timeZone: timeZone.trim(), defaultCampaignId: settings.value?.defaultCampaignId ?? null }),
      );
      saved.value = true;
      return true;
    } catch (err) {
      saveError.value = errorText(err);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { settings, status, error, saving, saveError, saved, load, saveTimeZone };
});
