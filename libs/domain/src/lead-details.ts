/**
 * The person behind a lead: name, phone, e-mail and attributes.
 *
 * - A `lead.created` comes from the lead's real origin (an ad form, a CRM, a list): its values win,
 *   the latest one's first; a field it leaves empty keeps what was known (an empty field means "not
 *   given", never "erase").
 * - Details a dialer sends with a call (VICIdial's URL fields) only fill fields still empty, and
 *   attribute keys not yet known; they never change the lead's source.
 */
import type { CallOutcomeEvent, LeadCreatedEvent } from '@leadboard/contracts';

export interface LeadDetails {
  name: string | null;
  phone: string | null;
  email: string | null;
  attributes: Record<string, unknown> | null;
}

export const NO_LEAD_DETAILS: LeadDetails = Object.freeze({ name: null, phone: null, email: null, attributes: null });

const blank = (v: string | null | undefined): v is null | undefined => v === null || v === undefined || v.trim() === '';

/** What the origin said, from `lead.created` events in (occurredAt, eventId) order: the latest non-empty value of each field. */
export function detailsFromCreated(events: readonly LeadCreatedEvent[]): LeadDetails | null {
  if (!events.length) return null;
  let out: LeadDetails = NO_LEAD_DETAILS;
  for (const e of events) {
    out = {
      name: blank(e.lead.name) ? out.name : e.lead.name,
      phone: blank(e.lead.phone) ? out.phone : e.lead.phone,
      email: blank(e.lead.email) ? out.email : e.lead.email,
      attributes: e.lead.attributes ? { ...(out.attributes ?? {}), ...e.lead.attributes } : out.attributes,
    };
  }
  return out;
}

/** What calls said, in order: the first non-empty value of each field, attribute keys first-come. */
export function detailsFromCalls(events: readonly CallOutcomeEvent[]): LeadDetails | null {
  let out: LeadDetails | null = null;
  for (const e of events) {
    const d = e.lead;
    if (!d) continue;
    const known: LeadDetails = out ?? NO_LEAD_DETAILS;
    out = {
      name: known.name ?? (blank(d.name) ? null : d.name),
      phone: known.phone ?? (blank(d.phone) ? null : d.phone),
      email: known.email ?? (blank(d.email) ? null : d.email),
      attributes: d.attributes ? { ...d.attributes, ...(known.attributes ?? {}) } : known.attributes,
    };
  }
  return out;
}

/** `known` with its empty fields (and missing attribute keys) filled from `filler`. */
export function fillMissing(known: LeadDetails, filler: LeadDetails | null): LeadDetails {
  if (!filler) return known;
  return {
    name: known.name ?? filler.name,
    phone: known.phone ?? filler.phone,
    email: known.email ?? filler.email,
    attributes: filler.attributes || known.attributes ? { ...(filler.attributes ?? {}), ...(known.attributes ?? {}) } : null,
  };
}

/** `known` with the origin's non-empty values over it (a `lead.created` arriving after what was known). */
export function overwriteWith(known: LeadDetails, origin: LeadDetails | null): LeadDetails {
  if (!origin) return known;
  return {
    name: origin.name ?? known.name,
    phone: origin.phone ?? known.phone,
    email: origin.email ?? known.email,
    attributes: origin.attributes || known.attributes ? { ...(known.attributes ?? {}), ...(origin.attributes ?? {}) } : null,
  };
}
