/**
 * The lead fields VICIdial puts in its URLs, as the contract's call-borne lead details. They fill
 * what the lead is missing and never overwrite (see docs/integrations/vicidial.md); a value that
 * does not fit is left out rather than refusing the call, since VICIdial never sends it again.
 */
import type { CallLeadDetails, VicidialParams } from '@leadboard/contracts';
import { param } from './vicidial-translation';

function fits(value: string | undefined, max: number): string | null {
  return value !== undefined && value.length <= max ? value : null;
}

/**
 * VICIdial's No Agent Call URL sends values raw, so a number written `+39…` arrives with its `+`
 * read as a space: a number starting with a space and a digit had a `+`.
 */
function phoneOf(raw: string | undefined): string | null {
  const v = raw === undefined ? undefined : raw.replace(/^\s+(?=\d)/, '+');
  return fits(v, 64);
}

export function vicidialLeadDetails(params: VicidialParams): CallLeadDetails | null {
  const first = param(params, 'first_name');
  const last = param(params, 'last_name');
  const name = fits([first, last].filter(Boolean).join(' ') || undefined, 256);
  const rawPhone = params['phone_number'];
  const phone = param(params, 'phone_number') === undefined ? null : phoneOf(rawPhone?.replace(/\s+$/, ''));
  const email = fits(param(params, 'email'), 256);
  const attributes: Record<string, string> = {};
  const listId = fits(param(params, 'list_id'), 64);
  const vendorLeadCode = fits(param(params, 'vendor_lead_code'), 128);
  if (listId) attributes['vicidialListId'] = listId;
  if (vendorLeadCode) attributes['vendorLeadCode'] = vendorLeadCode;
  const hasAttributes = Object.keys(attributes).length > 0;
  if (!name && !phone && !email && !hasAttributes) return null;
  return { name, phone, email, attributes: hasAttributes ? attributes : null };
}
