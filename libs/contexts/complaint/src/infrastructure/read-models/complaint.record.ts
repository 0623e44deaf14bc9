import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ComplaintRow } from '../../application/complaint-records.port.js';

/**
 * `complaint.complaints` as a TypeORM entity: written by the complaints projection, read through the
 * repository. Properties are named as the columns, so the entity is the read model's row as it is.
 * The sealed address, the version and the scheduler's flags are not mapped: nothing reads them here.
 */
@Entity({ schema: 'complaint', name: 'complaints' })
export class ComplaintRecord implements ComplaintRow {
  @PrimaryColumn({ type: 'uuid' })
  complaint_id!: string;

  @Column({ type: 'uuid' })
  account_id!: string;

  @Column({ type: 'uuid' })
  recipient_id!: string;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  recipient_type!: string;

  @Column({ type: 'text' })
  sender_id!: string;

  @Column({ type: 'int', nullable: true })
  picked_brand_code!: number | null;

  @Column({ type: 'int', nullable: true })
  iys_code!: number | null;

  @Column({ type: 'int', nullable: true })
  brand_code!: number | null;

  @Column({ type: 'timestamptz' })
  message_at!: Date;

  @Column({ type: 'smallint' })
  province!: number;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  assessment!: string | null;

  @Column({ type: 'text', nullable: true })
  evidence_state!: string | null;

  @Column({ type: 'text', array: true })
  subjects!: string[];

  @Column({ type: 'text' })
  filed_via!: string;

  @Column({ type: 'boolean' })
  checked_first!: boolean;

  @Column({ type: 'uuid', nullable: true })
  inspector_id!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  defense_deadline!: Date | null;

  @Column({ type: 'boolean' })
  overdue!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  defense_at!: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true })
  fine_amount!: string | null;

  @Column({ type: 'timestamptz' })
  filed_at!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decided_at!: Date | null;

  @Column({ type: 'timestamptz' })
  updated_at!: Date;
}

/** `complaint.authority_scopes`: an authority user's province (null: the ministry). */
@Entity({ schema: 'complaint', name: 'authority_scopes' })
export class AuthorityScopeRecord {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'smallint', nullable: true })
  province!: number | null;
}
