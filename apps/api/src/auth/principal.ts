import type { Role } from '@leadboard/contracts';

/** Who is calling: a logged-in user, a read-only wall screen, or a machine with an ingest key. */
export type Principal =
  | { kind: 'user'; tenantId: string; userId: string; role: Role; email: string }
  | { kind: 'wall'; tenantId: string; campaignIds: string[] | null }
  | { kind: 'ingest'; tenantId: string };

export type PrincipalKind = Principal['kind'];

/** Wall tokens may be limited to some campaigns; users see every campaign of their tenant. */
export function canSeeCampaign(p: Principal, campaignId: string): boolean {
  return p.kind !== 'wall' || p.campaignIds === null || p.campaignIds.includes(campaignId);
}

/** Personal data (names, phones, e-mails) is for users only, never for wall screens. */
export function mayReadPersonalData(p: Principal): boolean {
  return p.kind === 'user';
}
