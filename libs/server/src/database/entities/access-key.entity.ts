import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type AccessKeyKind = 'ingest' | 'wall';

/** Ingest keys and wall-screen tokens; only a SHA-256 of the key is stored. */
@Entity({ name: 'access_keys' })
export class AccessKeyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId!: string;
  @Column('text') kind!: AccessKeyKind;
  @Column('text', { name: 'key_hash' }) keyHash!: string;
  @Column('text', { nullable: true }) label!: string | null;
  @Column('text', { name: 'campaign_ids', array: true, nullable: true }) campaignIds!: string[] | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
}
