import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'campaigns' })
export class CampaignEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'time_zone' }) timeZone!: string;
  @Column('int', { name: 'max_attempts' }) maxAttempts!: number;
  @Column('int', { name: 'qualification_threshold' }) qualificationThreshold!: number;
  /** Last live-channel sequence number given out for this campaign (bigint arrives as a string). */
  @Column('bigint') seq!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
