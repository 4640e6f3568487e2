import type { VicidialSettingsRequestInput } from '@leadboard/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { createSourcesApi, setSourcesApi } from './sources-api';
import { stubSourcesApi, vicidialSettings } from './sources-fixtures';
import { useVicidialStore } from './vicidial.store';

describe('vicidial store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().enterWallToken('token');
  });
  afterEach(() => setSourcesApi(createSourcesApi()));

  it('reads the settings and the URLs to paste', async () => {
    setSourcesApi(stubSourcesApi({ vicidialSettings: async () => vicidialSettings() }));
    const store = useVicidialStore();
    await store.load();
    expect(store.status).toBe('ready');
    expect(store.settings?.dispoUrl).toContain('/api/v1/integrations/vicidial/dispo?');
  });

  it('saves a new time zone and keeps the default campaign', async () => {
    const sent: VicidialSettingsRequestInput[] = [];
    setSourcesApi(
      stubSourcesApi({
        vicidialSettings: async () => vicidialSettings({ defaultCampaignId: 'c-water' }),
        saveVicidialSettings: async (_t, body) => {
          sent.push(body);
          return vicidialSettings({ timeZone: body.timeZone, defaultCampaignId: body.defaultCampaignId ?? null });
        },
      }),
    );
    const store = useVicidialStore();
    await store.load();
    await expect(store.saveTimeZone(' Europe/Paris ')).resolves.toBe(true);
    expect(sent).toEqual([{ timeZone: 'Europe/Paris', defaultCampaignId: 'c-water' }]);
    expect(store.settings?.timeZone).toBe('Europe/Paris');
    expect(store.saved).toBe(true);
  });

  it('keeps the saved zone and shows the server’s reason for a refused one', async () => {
    setSourcesApi(
      stubSourcesApi({
        vicidialSettings: async () => vicidialSettings(),
        saveVicidialSettings: async () => Promise.reject(new ApiError(400, 'timeZone: is not a known IANA time zone name')),
      }),
    );
    const store = useVicidialStore();
    await store.load();
    await expect(store.saveTimeZone('Mars/Olympus')).resolves.toBe(false);
    expect(store.saveError).toBe('timeZone: is not a known IANA time zone name');
    expect(store.settings?.timeZone).toBe('Europe/Rome');
    expect(store.saving).toBe(false);
  });
});
