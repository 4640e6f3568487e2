/**
 * A proposed mapping for each of a tenant's VICIdial statuses, from the flags VICIdial keeps on
 * them (domain page, "VICIdial status flags"). Only a proposal: VICIdial's own defaults are
 * inconsistent (`SALE` has customer_contact=N, `AA` has answering_machine=N), so its standard
 * statuses keep the built-in mapping, and an administrator confirms the rest.
 */
import {
  CANONICAL_DISPOSITIONS,
  type CanonicalDisposition,
  type DispositionProposal,
  type ProposalReason,
  type VicidialStatusRow,
} from '@leadboard/contracts';
import { VICIDIAL_DISPOSITIONS, normalizeCode } from '../disposition-mapping';
import type { DispositionTable } from '../disposition-table';

type Flags = Pick<
  VicidialStatusRow,
  'dnc' | 'sale' | 'not_interested' | 'unworkable' | 'scheduled_callback' | 'answering_machine' | 'customer_contact' | 'human_answered'
>;

/** The flag rule alone, in the domain page's order: the first flag that holds decides. */
export function dispositionFromFlags(flags: Flags, name: string): { disposition: CanonicalDisposition; reason: ProposalReason } {
  if (flags.dnc) return { disposition: 'DO_NOT_CALL', reason: 'flag_dnc' };
  if (flags.sale) return { disposition: 'SALE', reason: 'flag_sale' };
  if (flags.not_interested) return { disposition: 'NOT_INTERESTED', reason: 'flag_not_interested' };
  if (flags.unworkable) return { disposition: 'WRONG_NUMBER', reason: 'flag_unworkable' };
  if (flags.scheduled_callback) return { disposition: 'CALLBACK', reason: 'flag_scheduled_callback' };
  if (flags.answering_machine) return { disposition: 'VOICEMAIL', reason: 'flag_answering_machine' };
  if (flags.customer_contact) return { disposition: 'INTERESTED', reason: 'flag_customer_contact' };
  if (flags.human_answered) {
    // A person picked up but the status is not a contact: a drop when its name says so.
    return /drop/i.test(name)
      ? { disposition: 'DROPPED', reason: 'flag_human_answered_drop' }
      : { disposition: 'INTERESTED', reason: 'flag_human_answered' };
  }
  return { disposition: 'NO_ANSWER', reason: 'no_flags' };
}

const CANONICAL = new Set<string>(CANONICAL_DISPOSITIONS);

/** One proposal per (campaign, code); a status listed twice for one campaign keeps its last row. */
export function proposeDispositions(rows: readonly VicidialStatusRow[], table: DispositionTable): DispositionProposal[] {
  const byKey = new Map<string, VicidialStatusRow>();
  for (const row of rows) byKey.set(`${row.campaign_id ?? ''}\u0000${normalizeCode(row.status)}`, row);
  return [...byKey.values()].map((row): DispositionProposal => {
    const code = normalizeCode(row.status);
    const current = table.map(code, row.campaign_id);
    const base = { code, statusName: row.status_name, campaignId: row.campaign_id, current: current.mapped ? (current.disposition as CanonicalDisposition) : null };
    if (Object.hasOwn(VICIDIAL_DISPOSITIONS, code)) {
      return { ...base, disposition: VICIDIAL_DISPOSITIONS[code], reason: 'built_in', storable: false };
    }
    if (CANONICAL.has(code)) return { ...base, disposition: code as CanonicalDisposition, reason: 'canonical', storable: false };
    const proposed = dispositionFromFlags(row, `${row.status_name} ${code}`);
    return { ...base, ...proposed, storable: true };
  });
}
