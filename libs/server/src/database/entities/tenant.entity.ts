import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** ISO 3166 country of phone numbers written without their country code (CSV imports). */
  @Column('text', { name: 'default_country', default: 'IT' }) defaultCountry!: string;
  /** Months an untouched lead keeps its personal data (null: until erased by hand). */
  @Column('int', { name: 'retention_months', nullable: true }) retentionMonths!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
