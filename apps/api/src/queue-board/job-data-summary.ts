/**
 * What the queue UI shows of a job's data and result: ids and counts, never the events themselves
 * (names, phones, e-mails of leads). Only the fields named here are shown as they are; lists become
 * their length; anything else is left out. Holds for every queue, so a new queue leaks nothing.
 */
const SHOWN_FIELDS = new Set([
  'tenantId',
  'requestId',
  'receivedAt',
  'campaignId',
  'importId',
  'sourceId',
  'leadgenId',
  'applied',
  'duplicates',
  'transitions',
]);

export function summarizeJobData(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const out: Record<string, unknown> = {};
  let hidden = 0;
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) out[key] = `${value.length} item(s)`;
    else if (SHOWN_FIELDS.has(key) && (value === null || ['string', 'number', 'boolean'].includes(typeof value))) out[key] = value;
    else hidden++;
  }
  if (hidden) out['hiddenFields'] = hidden;
  return out;
}
