/**
 * Meta Lead Ads → contract events (contract.md, "Integrations: Meta Lead Ads"): which changes of a
 * webhook notification are leads to fetch, and how a lead read from the Graph API becomes one
 * `lead.created`. Pure: the webhook, the worker and the tests share these rules.
 */
import { META_ID_PATTERN, type IngestEventInput, type MetaFormMap, type MetaWebhookBody } from '@leadboard/contracts';

/** One `leadgen` change of a notification: the lead to fetch and what the notification said about it. */
export interface LeadgenChange {
  leadgenId: string;
  formId?: string;
  pageId?: string;
  adId?: string;
}

/**
 * The leads a notification announces, once each, in order. Changes of other fields are not ours
 * (`ignored` does not count them); a `leadgen` change without a usable lead id is counted in `invalid`.
 */
export function extractLeadgenChanges(body: MetaWebhookBody): { changes: LeadgenChange[]; invalid: number } {
  const changes: LeadgenChange[] = [];
  const seen = new Set<string>();
  let invalid = 0;
  for (const entry of body.entry) {
    for (const change of entry.changes ?? []) {
      if (change.field !== 'leadgen') continue;
      const v = change.value;
      if (!v?.leadgen_id || !META_ID_PATTERN.test(v.leadgen_id)) {
        invalid++;
        continue;
      }
      if (seen.has(v.leadgen_id)) continue;
      seen.add(v.leadgen_id);
      changes.push({
        leadgenId: v.leadgen_id,
        ...(metaId(v.form_id) ? { formId: v.form_id } : {}),
        ...(metaId(v.page_id ?? entry.id) ? { pageId: v.page_id ?? entry.id } : {}),
        ...(metaId(v.ad_id) ? { adId: v.ad_id } : {}),
      });
    }
  }
  return { changes, invalid };
}

function metaId(v: string | undefined): v is string {
  return v !== undefined && META_ID_PATTERN.test(v);
}

/** A lead as the Graph API returns it (`GET /<leadgen_id>?fields=…`); every field may be missing. */
export interface GraphLead {
  id?: string;
  created_time?: string;
  field_data?: { name?: string; values?: unknown[] }[];
  form_id?: string;
  ad_id?: string;
  adset_id?: string;
  campaign_id?: string;
  platform?: string;
  is_organic?: boolean;
}

export interface MetaSourceRouting {
  defaultCampaignId: string;
  /** Lead form id → campaign id. */
  forms: MetaFormMap;
}

const GRAPH_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Graph writes times as `2026-11-30T10:00:00+0000`, an offset without a colon that strict ISO-8601
 * parsers refuse; the result is the same instant in UTC (`2026-11-30T10:00:00.000Z`), or null when
 * the text is not a real date-time.
 */
export function normaliseGraphTime(text: string | undefined): string | null {
  const m = text ? GRAPH_TIME.exec(text.trim()) : null;
  if (!m) return null;
  const offset = m[2] === 'Z' ? 'Z' : `${m[2].slice(0, 3)}:${m[2].slice(-2)}`;
  const ms = Date.parse(`${m[1]}${offset}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2026-02-30 over to March; a real date reads back the same day.
  const local = new Date(ms + offsetMinutes(offset) * 60_000).toISOString().slice(0, 10);
  return local === m[1].slice(0, 10) ? new Date(ms).toISOString() : null;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/** The contract's limits on a lead's contact fields: longer values are cut rather than losing the lead. */
const NAME_MAX = 256;
const PHONE_MAX = 64;
const EMAIL_MAX = 256;
/** Fields that become the lead's name, phone and e-mail; every other answer goes in `attributes`. */
const CONTACT_FIELDS = new Set(['full_name', 'first_name', 'last_name', 'phone_number', 'email']);
/** Meta's standard company question, and custom VAT questions as forms name them: they fill `lead.company`. */
const COMPANY_FIELD = 'company_name';
const VAT_FIELDS = ['vat_number', 'vat_id', 'partita_iva', 'numero_tva', 'tva'];
const COMPANY_NAME_MAX = 256;
const VAT_MAX = 64;

/** A form answer as text: one value as is, several (a multiple-choice question) joined with ", ". */
function answerText(values: unknown[] | undefined): string | null {
  const texts = (values ?? []).filter((v) => v !== null && v !== undefined).map((v) => String(v).trim()).filter(Boolean);
  return texts.length ? texts.join(', ') : null;
}

function clip(value: string | null, max: number): string | null {
  return value === null ? null : value.slice(0, max);
}

/**
 * The one `lead.created` a Meta lead becomes: event id `meta:<leadgen id>` (a lead fetched twice
 * applies once), lead id the leadgen id, the campaign of its form (else the source's default),
 * name from `full_name` or `first_name` + `last_name`, `phone_number`, `email`; the company from
 * `company_name` (with a VAT question such as `vat_number` or `partita_iva`); every other answer
 * and Meta's ids (form, ad, ad set, ad campaign, page) in `attributes`. `occurredAt` is the lead's
 * `created_time`, else `fallbackOccurredAt` (when the notification arrived).
 */
export function metaLeadToEvent(
  lead: GraphLead,
  change: LeadgenChange,
  routing: MetaSourceRouting,
  fallbackOccurredAt: string,
): IngestEventInput {
  const answers = new Map<string, string | null>();
  for (const field of lead.field_data ?? []) {
    if (typeof field?.name !== 'string' || !field.name) continue;
    answers.set(field.name, answerText(Array.isArray(field.values) ? field.values : undefined));
  }
  const full = answers.get('full_name');
  const parts = [answers.get('first_name'), answers.get('last_name')].filter((p): p is string => !!p);
  const name = full ?? (parts.length ? parts.join(' ') : null);

  const formId = lead.form_id ?? change.formId;
  const attributes: Record<string, unknown> = {};
  const companyName = clip(answers.get(COMPANY_FIELD) ?? null, COMPANY_NAME_MAX);
  const vatField = companyName ? VAT_FIELDS.find((f) => answers.get(f)) : undefined;
  const companyFields = new Set(companyName ? [COMPANY_FIELD, ...(vatField ? [vatField] : [])] : []);
  for (const [key, value] of answers) if (!CONTACT_FIELDS.has(key) && !companyFields.has(key) && value !== null) attributes[key] = value;
  // Meta's own ids last, so a form question that happens to be called `form_id` cannot hide them.
  const metaIds: Record<string, string | boolean | undefined> = {
    form_id: formId,
    ad_id: lead.ad_id ?? change.adId,
    adset_id: lead.adset_id,
    campaign_id: lead.campaign_id,
    page_id: change.pageId,
    platform: lead.platform,
    is_organic: lead.is_organic,
  };
  for (const [key, value] of Object.entries(metaIds)) if (value !== undefined && value !== '') attributes[key] = value;

  return {
    eventId: `meta:${change.leadgenId}`,
    type: 'lead.created',
    occurredAt: normaliseGraphTime(lead.created_time) ?? fallbackOccurredAt,
    campaignId: (formId !== undefined ? routing.forms[formId] : undefined) ?? routing.defaultCampaignId,
    leadId: change.leadgenId,
    lead: {
      source: 'meta_ads',
      name: clip(name, NAME_MAX),
      phone: clip(answers.get('phone_number') ?? null, PHONE_MAX),
      email: clip(answers.get('email') ?? null, EMAIL_MAX),
      attributes,
      ...(companyName ? { company: { name: companyName, vatId: vatField ? clip(answers.get(vatField) ?? null, VAT_MAX) : null } } : {}),
    },
  };
}
