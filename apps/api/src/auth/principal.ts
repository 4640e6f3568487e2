import type { Role } from '@leadboard/contracts';

/**
 * Who is calling: a logged-in user, a read-only wall screen, or a machine with an ingest key. Read
 * again from the database (through a short cache that revocations clear at once) on every request,
 * so a role change, a disabled user or a revoked key takes effect on the next request.
 */
export type Principal =
  | { kind: 'user'; tenantId: string; userId: string; role: Role; email: string }
  | { kind: 'wall'; tenantId: string; keyId: string; campaignIds: string[] | null }
  | { kind: 'ingest'; tenantId: string; keyId: string };

export type PrincipalKind = Principal['kind'];

/** Wall tokens may be limited to some campaigns; users see every campaign of their tenant. */
export function canSeeCampaign(p: Principal, campaignId: string): boolean {
  return p.kind !== 'wall' || p.campaignIds === null || p.campaignIds.includes(campaignId);
}

/** Personal data (names, phones, e-mails, free-text reasons) is for users only, never for wall screens. */
export function mayReadPersonalData(p: Principal): boolean {
  return p.kind === 'user';
}

/** The principal's own id (user or key), as the security audit and the live channel name it. */
export function principalId(p: Principal): string {
  return p.kind === 'user' ? p.userId : p.keyId;
}
