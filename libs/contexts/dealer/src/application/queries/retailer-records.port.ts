import type { EncryptedValue } from '@iys/platform/pii';
import type { PlaceRef, RetailerStatus } from '../../domain/retailer.events.js';

/** A row of the retailers read model, as the queries need it. */
export interface RetailerRecordView {
  retailerCode: number;
  title: string;
  mersis: string;
  alias: string;
  authorisedPerson: { name: EncryptedValue; tckn: EncryptedValue; mobile: EncryptedValue };
  city: PlaceRef;
  town: PlaceRef;
  status: RetailerStatus;
  accessCount: number;
  everAssociated: boolean;
}

/** The retailers read model, read page by page: plain CRUD, served by a TypeORM repository (ADR 0049). */
export interface RetailerRecords {
  /** A brand's retailers (or those of `retailerCodes`) in code order, and how many there are in all. */
  page(scope: { iysCode: number; brandCode: number }, page: { offset: number; limit: number; retailerCodes?: readonly number[] }): Promise<{ rows: RetailerRecordView[]; total: number }>;
  /** One retailer of a provider's brand, if it has it. */
  find(iysCode: number, brandCode: number, retailerCode: number): Promise<Pick<RetailerRecordView, 'retailerCode' | 'status'> | undefined>;
  /** How many retailers each of these brands has (brands without any are absent). */
  countsFor(brandCodes: readonly number[]): Promise<Map<number, number>>;
}

export const RETAILER_RECORDS = Symbol('RETAILER_RECORDS');
