/** The Sources page's cards, mounted with fixtures in the interface languages. */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createAppI18n } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import { useSessionStore } from '../stores/session.store';
import ApiSourceCard from './components/api-source-card.vue';
import CopyField from './components/copy-field.vue';
import ImportPreview from './components/import-preview.vue';
import ImportProgress from './components/import-progress.vue';
import MetaSourcesCard from './components/meta-sources-card.vue';
import SourceHealth from './components/source-health.vue';
import UnmappedCodes from './components/unmapped-codes.vue';
import VicidialCard from './components/vicidial-card.vue';
import type { ImportDraft } from './imports.store';
import { API_ORIGIN, csvFile, health, importView, metaSource, preview, unmapped, vicidialSettings } from './sources-fixtures';

const plugins = (locale: Locale = 'en') => ({ global: { plugins: [createAppI18n(locale)] } });
const byTestId = (id: string) => `[data-testid="${id}"]`;

beforeEach(() => setActivePinia(createPinia()));

describe('source health', () => {
  it('shows the last event, the events today and the latest errors with their time', () => {
    const wrapper = mount(SourceHealth, {
      props: {
        health: health('api', {
          lastEventAt: '2026-11-30T08:15:00.000Z',
          eventsToday: 12345,
          eventsTotal: 56789,
          errors: [{ at: '2026-11-30T08:10:00.000Z', message: '400 1 invalid event(s); nothing was queued (event 0 disposition: is required)' }],
        }),
      },
      ...plugins('it'),
    });
    expect(wrapper.get(byTestId('source-events-today')).text()).toBe('12.345');
    expect(wrapper.get(byTestId('source-last-event')).attributes('data-at')).toBe('2026-11-30T08:15:00.000Z');
    expect(wrapper.findAll(byTestId('source-error')).map((e) => e.text())).toEqual([expect.stringContaining('event 0 disposition: is required')]);
  });

  it('says "never" and "no errors" for a source that sent nothing', () => {
    const wrapper = mount(SourceHealth, { props: { health: health('vicidial') }, ...plugins('fr') });
    expect(wrapper.get(byTestId('source-last-event')).text()).toBe('jamais');
    expect(wrapper.text()).toContain('Aucune erreur.');
  });
});

describe('copy field', () => {
  it('copies the whole value and says so', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const value = vicidialSettings().dispoUrl;
    const wrapper = mount(CopyField, { props: { label: 'Dispo Call URL', value, testid: 'dispo' }, ...plugins('it') });
    expect((wrapper.get(byTestId('copy-value')).element as HTMLInputElement).value).toBe(value);
    await wrapper.get(byTestId('copy-button')).trigger('click');
    await nextTick();
    await nextTick();
    expect(writeText).toHaveBeenCalledWith(value);
    expect(wrapper.get(byTestId('copy-button')).text()).toBe('✓ Copiato');
  });
});

describe('HTTP API card', () => {
  it('shows where and how to post, with the key placeholder, and asks for a test event', async () => {
    const wrapper = mount(ApiSourceCard, {
      props: { ingestUrl: `${API_ORIGIN}/api/v1/events`, health: health('api'), sending: false, outcome: undefined },
      ...plugins('en'),
    });
    expect((wrapper.get(`${byTestId('api-endpoint')} input`).element as HTMLInputElement).value).toBe(`${API_ORIGIN}/api/v1/events`);
    const curl = (wrapper.get(`${byTestId('api-curl')} textarea`).element as HTMLTextAreaElement).value;
    expect(curl).toContain(`curl -X POST '${API_ORIGIN}/api/v1/events'`);
    expect(curl).toContain('Authorization: Bearer YOUR_INGEST_KEY');
    expect(JSON.parse(curl.slice(curl.indexOf("-d '") + 4, -1))).toMatchObject({ type: 'call.outcome', disposition: 'INTERESTED' });
    expect(wrapper.text()).toContain('Replace YOUR_INGEST_KEY with an ingest key of this account (an administrator creates one with npm run leadboard -- key:create --tenant <tenantId> --kind ingest).');
    await wrapper.get(byTestId('test-event-send')).trigger('click');
    expect(wrapper.emitted('test')).toHaveLength(1);
  });

  it('says where the test event went, or why it was refused', async () => {
    const result = { kind: 'api' as const, eventId: 'e', campaignId: 'leadboard-test', leadId: 'leadboard-test-1a2b', disposition: 'NO_ANSWER', queuedAt: '' };
    const wrapper = mount(ApiSourceCard, { props: { ingestUrl: null, health: null, sending: false, outcome: { ok: true, result } }, ...plugins('fr') });
    expect(wrapper.get(byTestId('test-event-outcome')).text()).toContain('Événement de test envoyé dans la campagne leadboard-test (lead leadboard-test-1a2b');
    await wrapper.setProps({ outcome: { ok: false, error: 'the event queue is unavailable' } });
    expect(wrapper.get(byTestId('test-event-outcome')).attributes('role')).toBe('alert');
  });
});

describe('VICIdial card', () => {
  it('shows the three URLs to paste, how to make the key for this account, and saves the time zone', async () => {
    useSessionStore().whoAmI = { kind: 'user', tenantId: 't-42', tenantName: 'Acqua', role: 'admin', email: 'a@b.it', campaignIds: null };
    const settings = vicidialSettings();
    const wrapper = mount(VicidialCard, {
      props: { settings, settingsError: null, health: health('vicidial', { eventsToday: 3 }), sending: false, outcome: undefined, saving: false, saved: false, saveError: null },
      ...plugins('it'),
    });
    const value = (id: string) => (wrapper.get(`${byTestId(id)} ${byTestId('copy-value')}`).element as HTMLTextAreaElement).value;
    expect(value('vicidial-dispo-url')).toBe(settings.dispoUrl);
    expect(value('vicidial-no-agent-url')).toBe(settings.noAgentUrl);
    expect(value('vicidial-agent-events-url')).toBe(settings.agentEventsUrl);
    expect(wrapper.get(byTestId('source-events-today')).text()).toBe('3');
    expect(wrapper.text()).toContain('key:create --tenant t-42 --kind ingest');

    const save = wrapper.get(byTestId('vicidial-time-zone-save'));
    expect(save.attributes('disabled')).toBeDefined(); // nothing changed yet
    await wrapper.get(byTestId('vicidial-time-zone-input')).setValue(' Europe/Paris ');
    await wrapper.get(byTestId('vicidial-time-zone')).trigger('submit');
    expect(wrapper.emitted('saveTimeZone')).toEqual([['Europe/Paris']]);
  });

  it('shows why a time zone was refused', () => {
    const wrapper = mount(VicidialCard, {
      props: { settings: vicidialSettings(), settingsError: null, health: null, sending: false, outcome: undefined, saving: false, saved: false, saveError: 'timeZone: is not a known IANA time zone name' },
      ...plugins('en'),
    });
    expect(wrapper.get(byTestId('vicidial-time-zone-error')).text()).toBe('Not saved: timeZone: is not a known IANA time zone name');
  });
});

describe('unmapped codes', () => {
  it('maps a code in one click once its meaning is chosen, for all campaigns or its own', async () => {
    const rows = [unmapped('PROMO', { count: 41 }), unmapped('VM2', { campaignId: 'c-solar' })];
    const wrapper = mount(UnmappedCodes, { props: { rows, pending: new Set<string>(), outcome: null, error: null }, ...plugins('it') });
    const [promo, vm2] = wrapper.findAll(byTestId('unmapped-row'));
    expect(promo.text()).toContain('PROMO');
    expect(promo.text()).toContain('41');
    expect(promo.get(byTestId('unmapped-map')).attributes('disabled')).toBeDefined();
    expect(promo.findAll('option').map((o) => o.text())).toContain('Passato a un senior (chiusura contratti)');

    await promo.get(byTestId('unmapped-disposition')).setValue('INTERESTED');
    await promo.get(byTestId('unmapped-map')).trigger('click');
    await vm2.get(byTestId('unmapped-disposition')).setValue('VOICEMAIL');
    await vm2.get(byTestId('unmapped-scope')).setValue('campaign');
    await vm2.get(byTestId('unmapped-map')).trigger('click');
    expect(wrapper.emitted('map')).toEqual([
      [rows[0], 'INTERESTED', 'tenant'],
      [rows[1], 'VOICEMAIL', 'campaign'],
    ]);
  });

  it('says what a mapping did, in words, and when every code is mapped', () => {
    const wrapper = mount(UnmappedCodes, {
      props: { rows: [], pending: new Set<string>(), outcome: { code: 'PROMO', ok: true, row: { code: 'PROMO', disposition: 'APPOINTMENT_SET', campaignId: null, builtIn: false } }, error: null },
      ...plugins('fr'),
    });
    expect(wrapper.get(byTestId('unmapped-outcome')).text()).toBe('PROMO signifie désormais « Rendez-vous pris » pour les appels reçus à partir de maintenant.');
    expect(wrapper.text()).toContain('Tous les statuts reçus sont associés.');
  });
});

describe('Meta sources card', () => {
  const tokenError = { code: 190, message: 'Session has expired', at: '2026-11-30T07:00:00.000Z' };
  const baseProps = {
    healthOf: () => null,
    error: null,
    created: null,
    creating: false,
    createError: null,
    busy: new Set<string>(),
    itemErrors: {},
    campaigns: ['c-water'],
  };

  it('puts a refused page token first, loud, with the webhook URL and verify token to paste', () => {
    const wrapper = mount(MetaSourcesCard, { props: { ...baseProps, sources: [metaSource('m-1'), metaSource('m-2', { name: 'Pagina Solare', tokenError })] }, ...plugins('it') });
    const items = wrapper.findAll(byTestId('meta-source'));
    expect(items.map((i) => i.attributes('data-source-id'))).toEqual(['m-2', 'm-1']);
    const alert = items[0].get(byTestId('meta-token-error'));
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain('Meta rifiuta il token di accesso della pagina di Pagina Solare (codice 190): Session has expired.');
    expect((items[1].get(`${byTestId('meta-webhook-m-1')} input`).element as HTMLInputElement).value).toBe(`${API_ORIGIN}/api/v1/integrations/meta/m-1/webhook`);
    expect((items[1].get(`${byTestId('meta-verify-m-1')} input`).element as HTMLInputElement).value).toBe('verify-m-1-token');
  });

  it('adds a source from the form (no verify token unless typed), then shows what to paste', async () => {
    const wrapper = mount(MetaSourcesCard, { props: { ...baseProps, sources: [] }, ...plugins('en') });
    expect(wrapper.get(byTestId('meta-form-submit')).attributes('disabled')).toBeDefined();
    await wrapper.get(byTestId('meta-form-name')).setValue('Acqua Pura');
    await wrapper.get(byTestId('meta-form-app-secret')).setValue('s3cret');
    await wrapper.get(byTestId('meta-form-page-token')).setValue('EAAB');
    await wrapper.get(byTestId('meta-form-campaign')).setValue('c-water');
    await wrapper.get(byTestId('meta-source-form')).trigger('submit');
    expect(wrapper.emitted('create')).toEqual([[{ name: 'Acqua Pura', appSecret: 's3cret', pageAccessToken: 'EAAB', defaultCampaignId: 'c-water' }]]);

    await wrapper.setProps({ created: { id: 'm-9', webhookUrl: `${API_ORIGIN}/api/v1/integrations/meta/m-9/webhook`, verifyToken: 'gen-token-9' } });
    expect((wrapper.get(`${byTestId('meta-created-verify')} input`).element as HTMLInputElement).value).toBe('gen-token-9');
    expect((wrapper.get(byTestId('meta-form-name')).element as HTMLInputElement).value).toBe('');
  });

  it('asks twice before removing a source, and sends a new token', async () => {
    const wrapper = mount(MetaSourcesCard, { props: { ...baseProps, sources: [metaSource('m-1', { tokenError })] }, ...plugins('en') });
    await wrapper.get(byTestId('meta-remove')).trigger('click');
    expect(wrapper.emitted('remove')).toBeUndefined();
    expect(wrapper.get(byTestId('meta-remove')).text()).toBe('Confirm: remove Pagina m-1');
    await wrapper.get(byTestId('meta-remove')).trigger('click');
    expect(wrapper.emitted('remove')).toEqual([['m-1']]);
    await wrapper.get(byTestId('meta-new-token')).setValue(' EAAnew ');
    await wrapper.get('form.actions').trigger('submit');
    expect(wrapper.emitted('replaceToken')).toEqual([['m-1', 'EAAnew']]);
  });
});

describe('CSV import', () => {
  const draft = (overrides: Partial<ImportDraft> = {}): ImportDraft => ({
    file: csvFile(),
    fileName: 'lista.csv',
    sizeBytes: 100,
    status: 'ready',
    preview: preview(),
    fields: ['firstName', 'phone', 'email', null],
    estimatedRows: 2,
    error: null,
    ...overrides,
  });

  it('shows the first rows under the detected mapping; a corrected column and the upload go up', async () => {
    const wrapper = mount(ImportPreview, { props: { draft: draft(), campaigns: ['c-water', 'c-solar'], uploadError: null }, ...plugins('it') });
    expect(wrapper.get(byTestId('import-detected')).text()).toBe('Letto come UTF-8, separatore punto e virgola, prima riga = nomi delle colonne.');
    expect(wrapper.findAll(byTestId('import-preview-row'))[0].text()).toContain('maria@example.it');
    const selects = wrapper.findAll(byTestId('import-column-field'));
    expect(selects.map((s) => (s.element as HTMLSelectElement).value)).toEqual(['firstName', 'phone', 'email', '']);
    // a column detected as an attribute may stay one; a detected field cannot go back to the attributes
    expect(selects[3].findAll('option')[0].text()).toBe('Tieni come attributo');
    expect(selects[0].findAll('option').map((o) => o.attributes('value'))).not.toContain('');

    await selects[3].setValue('company');
    expect(wrapper.emitted('field')).toEqual([[3, 'company']]);
    await wrapper.get(byTestId('import-campaign')).setValue('c-solar');
    await wrapper.get(byTestId('import-source')).setValue('trade_fair');
    await wrapper.get('form.go').trigger('submit');
    expect(wrapper.emitted('upload')).toEqual([['c-solar', 'trade_fair']]);
  });

  it('says why a file cannot be imported', () => {
    const wrapper = mount(ImportPreview, { props: { draft: draft({ status: 'error', preview: null, error: 'the file is empty' }), campaigns: [], uploadError: null }, ...plugins('en') });
    expect(wrapper.get(byTestId('import-preview-error')).text()).toBe('This file cannot be imported: the file is empty');
  });

  it('shows the progress, then 100 % with the counts and the rejected rows', async () => {
    const running = { view: importView({ state: 'running', rowsRead: 50 }), heardAt: 0, estimatedRows: 200 };
    const wrapper = mount(ImportProgress, { props: { tracked: running, downloadError: null }, ...plugins('en') });
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('25');
    expect(wrapper.get(byTestId('import-state')).text()).toBe('Importing…');

    const errors = Array.from({ length: 25 }, (_, i) => ({ row: i + 2, column: null, message: 'neither a valid phone nor an e-mail' }));
    await wrapper.setProps({ tracked: { ...running, view: importView({ state: 'done', rowsRead: 200, rowsAccepted: 170, rowsRejected: 30, errors }) } });
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('100');
    expect(wrapper.get(byTestId('import-percent')).text()).toBe('100%');
    expect(wrapper.get(byTestId('import-rows-rejected')).text()).toBe('30');
    const rejected = wrapper.findAll(byTestId('import-rejected-row'));
    expect(rejected).toHaveLength(20);
    expect(rejected[0].text()).toBe('Row 2neither a valid phone nor an e-mail');
    expect(wrapper.text()).toContain('… and 10 more in rejected.csv.');
    await wrapper.get(byTestId('import-rejected-csv')).trigger('click');
    expect(wrapper.emitted('download')).toHaveLength(1);
  });

  it('shows an indeterminate bar with no estimate, and why an import failed', async () => {
    const wrapper = mount(ImportProgress, { props: { tracked: { view: importView({ state: 'running', rowsRead: 5 }), heardAt: 0, estimatedRows: null }, downloadError: null }, ...plugins('fr') });
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuenow')).toBeUndefined();
    await wrapper.setProps({ tracked: { view: importView({ state: 'failed', failure: 'not a text file' }), heardAt: 0, estimatedRows: null } });
    expect(wrapper.get(byTestId('import-state')).text()).toBe('Échec de l’import');
    expect(wrapper.text()).toContain('Raison : not a text file');
  });
});
