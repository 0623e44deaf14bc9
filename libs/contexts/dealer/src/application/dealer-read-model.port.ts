/**
 * What the dealer use cases read outside the paged retailer list (RetailerRecords): the brand copy,
 * R4's "ever named by a consent" fact and the retailer code sequence. Implemented in infrastructure
 * (docs/adr/0052).
 */
export interface DealerReadModel {
  /** Whether the brand is one of this provider's (active ones only, when `active`). */
  ownsBrand(iysCode: number, brandCode: number, active: boolean): Promise<boolean>;
  /** Whether a consent ever named the retailer; undefined when the brand has no such retailer. */
  everAssociated(iysCode: number, brandCode: number, retailerCode: number): Promise<boolean | undefined>;
  nextRetailerCode(): Promise<number>;
}

export const DEALER_READ_MODEL = Symbol('DEALER_READ_MODEL');
