import type { OperatorState, Seniority } from '@leadboard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'operators' })
export class OperatorEntity {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text', { nullable: true }) name!: string | null;
  @Column('text') seniority!: Seniority;
  @Column('text') state!: OperatorState;
  @Column('timestamptz', { name: 'state_since', nullable: true }) stateSince!: Date | null;
  @Column('text', { name: 'state_event_id', nullable: true }) stateEventId!: string | null;
  @Column('text', { name: 'campaign_id', nullable: true }) campaignId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
