/**
 * Which account a lead's company is (domain page, "B2B: accounts"): the company's own id, else its
 * normalised VAT number, else its normalised name. Two spellings of one company ("Acqua Pura S.r.l.",
 * "ACQUA PURA SRL", "Acqua-Pura srl") must land on one account, so case, accents, punctuation and the
 * legal form are folded away before comparing.
 */
import type { LeadCompany } from '@leadboard/contracts';

/** Legal forms dropped from the end of a name, after dots are removed ("S.r.l." → "srl"). */
const LEGAL_FORMS = new Set([
  'srl', 'srls', 'spa', 'sas', 'snc', 'sapa', 'scarl', 'scrl', 'coop',
  'sarl', 'sa', 'sasu', 'eurl', 'sca', 'sci', 'snc',
  'ltd', 'llc', 'llp', 'inc', 'plc', 'corp', 'co', 'gmbh', 'ag', 'bv', 'nv', 'sl', 'slu',
]);

/** Longest account id kept readable; longer names are shortened with a hash of the whole. */
const MAX_ID_LENGTH = 120;

/** Lower case, no accents, no dots (so "S.r.l." is "srl"), other punctuation as spaces, single spaces. */
function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.'’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The name as compared: folded, legal forms dropped from its end ("acqua pura srl" → "acqua pura"). */
export function normaliseCompanyName(name: string): string {
  const words = foldText(name).split(' ').filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1])) words.pop();
  return words.join(' ');
}

/**
 * A VAT number as compared: letters and digits only, upper case, without the two-letter country
 * prefix when digits follow it ("IT 01234567890", "01234567890" and "it-01234567890" are one number).
 */
export function normaliseVatId(vatId: string): string {
  const compact = vatId.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '').toUpperCase();
  const m = /^[A-Z]{2}(\d.*)$/.exec(compact);
  return m ? m[1] : compact;
}

/** A short stable hash (FNV-1a, 32 bits, hex): enough to keep over-long ids apart. */
function shortHash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function bounded(id: string): string {
  return id.length <= MAX_ID_LENGTH ? id : `${id.slice(0, MAX_ID_LENGTH - 9)}~${shortHash(id)}`;
}

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * The account id of a company: `co:<id>`, `vat:<number>` or `name:<words-joined-by-dashes>`; null when
 * nothing usable is left (a name made only of punctuation or of a legal form).
 */
export function accountIdOf(company: Pick<LeadCompany, 'id' | 'name' | 'vatId'>): string | null {
  if (present(company.id)) return bounded(`co:${company.id.trim()}`);
  if (present(company.vatId)) {
    const vat = normaliseVatId(company.vatId);
    if (vat) return bounded(`vat:${vat}`);
  }
  const name = normaliseCompanyName(company.name ?? '');
  return name ? bounded(`name:${name.replace(/ /g, '-')}`) : null;
}
