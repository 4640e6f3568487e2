/**
 * The Sources page in words, in the interface language: times and counts through Intl, the names
 * of dispositions, import fields, lead sources and separators, and the curl example of the HTTP API.
 */
import type { CanonicalDisposition, ImportDelimiter, ImportField, LeadSource } from '@leadboard/contracts';
import { VICIDIAL_KEY_PLACEHOLDER } from '@leadboard/contracts';
import { useI18n } from 'vue-i18n';
import { useLocale } from '../composables/use-locale';
import { formatCount, formatDateTime, formatRate } from '../format/format';
import { useSessionStore } from '../stores/session.store';
import type { ColumnField } from './import-view';

const DELIMITER_NAMES: Record<ImportDelimiter, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' };

/** The ingest key placeholder the page shows (the same one the VICIdial URLs carry). */
export const KEY_PLACEHOLDER = VICIDIAL_KEY_PLACEHOLDER;
/** How an administrator makes an ingest key for a tenant (README, "Operator CLI"). */
export function keyCommand(tenantId: string | null | undefined): string {
  return `npm run leadboard -- key:create --tenant ${tenantId ?? '<tenantId>'} --kind ingest`;
}

/** A curl example posting one call outcome (contract.md, "Ingest"). */
export function curlExample(ingestUrl: string, now = new Date()): string {
  const event = {
    eventId: 'e-0001',
    type: 'call.outcome',
    occurredAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    campaignId: 'c-water',
    leadId: 'L-1042',
    operatorId: 'op-12',
    disposition: 'INTERESTED',
    talkSeconds: 184,
  };
  return [`curl -X POST '${ingestUrl}' \\`, `  -H 'Authorization: Bearer ${KEY_PLACEHOLDER}' \\`, `  -H 'Content-Type: application/json' \\`, `  -d '${JSON.stringify(event)}'`].join('\n');
}

export function useSourcesText() {
  const { t } = useI18n();
  const locale = useLocale();

  const count = (n: number | null | undefined) => formatCount(n, locale.value);
  const dateTime = (iso: string | null | undefined) => (iso ? formatDateTime(iso, locale.value) : t('sources.health.never'));
  const percent = (value: number) => formatRate(value / 100, locale.value);
  const disposition = (d: CanonicalDisposition) => t(`sources.disposition.${d}`);
  const field = (f: ColumnField) => t(`sources.csv.field.${f ?? 'attribute'}`);
  const leadSource = (s: LeadSource) => t(`sources.csv.leadSource.${s}`);
  const delimiter = (d: ImportDelimiter) => t(`sources.csv.delimiter.${DELIMITER_NAMES[d]}`);
  const session = useSessionStore();
  const keyHint = () => t('sources.key.placeholder', { placeholder: KEY_PLACEHOLDER, command: keyCommand(session.whoAmI?.tenantId) });

  return { t, locale, count, dateTime, percent, disposition, field, leadSource, delimiter, keyHint };
}
