import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EncryptedValue } from '@iys/platform/pii';
import type { PlaceRef, RetailerStatus } from '../../domain/retailer.events.js';

/** `dealer.retailers` as a TypeORM entity: written by the retailers projection, read through the repository. */
@Entity({ schema: 'dealer', name: 'retailers' })
export class RetailerRecord {
  @PrimaryColumn({ name: 'retailer_code', type: 'int' })
  retailerCode!: number;

  @Column({ name: 'iys_code', type: 'int' })
  iysCode!: number;

  @Column({ name: 'brand_code', type: 'int' })
  brandCode!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  mersis!: string;

  @Column({ type: 'text' })
  alias!: string;

  @Column({ name: 'authorised_person', type: 'jsonb' })
  authorisedPerson!: { name: EncryptedValue; tckn: EncryptedValue; mobile: EncryptedValue };

  @Column({ type: 'jsonb' })
  city!: PlaceRef;

  @Column({ type: 'jsonb' })
  town!: PlaceRef;

  @Column({ type: 'text' })
  status!: RetailerStatus;

  @Column({ name: 'access_count', type: 'int' })
  accessCount!: number;

  @Column({ name: 'ever_associated', type: 'boolean' })
  everAssociated!: boolean;
}
