/** Creates a tenant with its first admin, an ingest key and a wall-screen token (CLI, demo, tests). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@leadboard/contracts';
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
  await ds.transaction(async (m) => {
    await m.insert(TenantEntity, { id: tenantId, name: input.name });
    await m.insert(UserEntity, { id: randomUUID(), tenantId, email: adminEmail, passwordHash, role: 'admin' });
    await m.insert(AccessKeyEntity, [
      { id: randomUUID(), tenantId, kind: 'ingest', keyHash: hashKey(ingestKey), label: 'default ingest key', campaignIds: null },
      { id: randomUUID(), tenantId, kind: 'wall', keyHash: hashKey(wallToken), label: 'default wall screen', campaignIds: null },
    ]);
  });
  return { tenantId, ingestKey, adminEmail, adminPassword, wallToken };
}

export async function createUser(
  ds: DataSource,
  input: { tenantId: string; email: string; role: Role; password?: string },
): Promise<{ email: string; password: string }> {
  const password = input.password ?? generatePassword();
  await ds.getRepository(UserEntity).insert({
    id: randomUUID(),
    tenantId: input.tenantId,
    email: input.email.toLowerCase(),
    passwordHash: await hashPassword(password),
    role: input.role,
  });
  return { email: input.email.toLowerCase(), password };
}

export async function createAccessKey(
  ds: DataSource,
  input: { tenantId: string; kind: 'ingest' | 'wall'; label?: string; campaignIds?: string[] | null },
): Promise<string> {
  const key = newOpaqueKey(input.kind === 'ingest' ? INGEST_KEY_PREFIX : WALL_TOKEN_PREFIX);
  await ds.getRepository(AccessKeyEntity).insert({
    id: randomUUID(),
    tenantId: input.tenantId,
    kind: input.kind,
    keyHash: hashKey(key),
    label: input.label ?? null,
    campaignIds: input.campaignIds ?? null,
  });
  return key;
}
