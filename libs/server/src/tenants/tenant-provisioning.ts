/**
 * Creates a tenant with its first admin, an ingest key and a wall-screen token (CLI, demo, tests).
 * Further users and keys: access/account-admin.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  INGEST_KEY_PREFIX,
  WALL_TOKEN_PREFIX,
  generatePassword,
  hashKey,
  hashPassword,
  newOpaqueKey,
} from '../auth/secrets';
import { AccessKeyEntity, TenantEntity, UserEntity } from '../database/entities';
import { insertSecurityEvents } from '../security/security-audit';

export interface ProvisionedTenant {
  tenantId: string;
  ingestKey: string;
  adminEmail: string;
  adminPassword: string;
  wallToken: string;
}

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .slice(0, 40) || 'tenant'
  );
}

export async function createTenant(
  ds: DataSource,
  input: { name: string; adminEmail?: string; adminPassword?: string },
): Promise<ProvisionedTenant> {
  const tenantId = randomUUID();
  const adminEmail = (input.adminEmail ?? `admin-${randomBytes(3).toString('hex')}@${slug(input.name)}.leadboard.local`).toLowerCase();
  const adminPassword = input.adminPassword ?? generatePassword();
  const ingestKey = newOpaqueKey(INGEST_KEY_PREFIX);
  const wallToken = newOpaqueKey(WALL_TOKEN_PREFIX);
  const passwordHash = await hashPassword(adminPassword);
  const [adminId, ingestKeyId, wallTokenId] = [randomUUID(), randomUUID(), randomUUID()];
  await ds.transaction(async (m) => {
    await m.insert(TenantEntity, { id: tenantId, name: input.name });
    await m.insert(UserEntity, { id: adminId, tenantId, email: adminEmail, passwordHash, role: 'admin' });
    await m.insert(AccessKeyEntity, [
      { id: ingestKeyId, tenantId, kind: 'ingest', keyHash: hashKey(ingestKey), label: 'default ingest key', campaignIds: null },
      { id: wallTokenId, tenantId, kind: 'wall', keyHash: hashKey(wallToken), label: 'default wall screen', campaignIds: null },
    ]);
    const actor = { kind: 'cli' as const, id: null };
    await insertSecurityEvents(m, [
      { tenantId, event: 'user.created', actor, target: { kind: 'user', id: adminId }, detail: { role: 'admin' } },
      { tenantId, event: 'key.created', actor, target: { kind: 'ingest', id: ingestKeyId } },
      { tenantId, event: 'key.created', actor, target: { kind: 'wall', id: wallTokenId } },
    ]);
  });
  return { tenantId, ingestKey, adminEmail, adminPassword, wallToken };
}
