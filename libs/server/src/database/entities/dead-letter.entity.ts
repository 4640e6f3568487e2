import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A batch that still failed after all its retries: kept, counted, never silently dropped. */
@Entity({ name: 'dead_letters' })
export class DeadLetterEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'tenant_id', nullable: true }) tenantId!: string | null;
  @Column('text', { name: 'job_id' }) jobId!: string;
  @Column('jsonb') events!: unknown[];
  @Column('text') error!: string;
  @Column('int') attempts!: number;
  @Column('timestamptz', { name: 'failed_at', default: () => 'now()' }) failedAt!: Date;
}
