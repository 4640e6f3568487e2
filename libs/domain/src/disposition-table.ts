/**
 * A tenant's disposition table: its own codes (for the whole tenant or for one campaign) over the
 * canonical names and VICIdial's standard statuses (domain page, "VICIdial statuses → canonical
 * dispositions"; contract, "Integrations: disposition mappings").
 *
 * Precedence, most specific first: the call's campaign's row, the tenant's row, a canonical name,
 * the built-in VICIdial table. Anything else is `OTHER` (unmapped, never dropped).
 */
import type { CanonicalDisposition, DispositionMappingRow } from '@leadboard/contracts';
import {
  VICIDIAL_DISPOSITIONS,
  mapDisposition,
  normalizeCode,
  type DispositionResolver,
  type MappedDisposition,
} from './disposition-mapping';

export interface DispositionRule {
  code: string;
  disposition: CanonicalDisposition;
  /** `null`: every campaign of the tenant. */
  campaignId: string | null;
}

const keyOf = (campaignId: string | null, code: string) => `${campaignId ?? ''}\u0000${normalizeCode(code)}`;

export class DispositionTable {
  private readonly byKey = new Map<string, CanonicalDisposition>();

  constructor(readonly rules: readonly DispositionRule[] = []) {
    for (const r of rules) this.byKey.set(keyOf(r.campaignId, r.code), r.disposition);
  }

  /** The built-in table only: what a tenant without rows of its own gets. */
  static readonly builtIn = new DispositionTable();

  map(code: string, campaignId: string | null): MappedDisposition {
    if (campaignId !== null) {
      const forCampaign = this.byKey.get(keyOf(campaignId, code));
      if (forCampaign) return { disposition: forCampaign, mapped: true };
    }
    const forTenant = this.byKey.get(keyOf(null, code));
    if (forTenant) return { disposition: forTenant, mapped: true };
    return mapDisposition(code);
  }

  /** Maps calls by their own code and campaign. */
  resolver(): DispositionResolver {
    return (event) => this.map(event.disposition, event.campaignId);
  }

  /**
   * The table as `GET /api/v1/dispositions` lists it: the tenant's campaign rows, then its tenant
   * rows (each by code), then VICIdial's standard statuses as built-in rows.
   */
  listing(): DispositionMappingRow[] {
    const own = [...this.rules]
      .map((r) => ({ code: normalizeCode(r.code), disposition: r.disposition, campaignId: r.campaignId, builtIn: false }))
      .sort((a, b) => {
        if ((a.campaignId === null) !== (b.campaignId === null)) return a.campaignId === null ? 1 : -1;
        const byCampaign = (a.campaignId ?? '').localeCompare(b.campaignId ?? '');
        return byCampaign !== 0 ? byCampaign : a.code.localeCompare(b.code);
      });
    const builtIn = Object.entries(VICIDIAL_DISPOSITIONS).map(([code, disposition]) => ({
      code,
      disposition,
      campaignId: null,
      builtIn: true,
    }));
    return [...own, ...builtIn];
  }
}
