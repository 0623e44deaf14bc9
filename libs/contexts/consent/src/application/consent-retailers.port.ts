/**
 * This context's copy of the dealer roster (consent.retailers, projected from the dealer context's
 * events). Implemented in infrastructure (docs/adr/0052).
 */
export interface ConsentRetailers {
  /** The status of each of these retailers of the brand; codes that are not its retailers are absent. */
  statusOf(iysCode: number, brandCode: number, retailerCodes: readonly number[]): Promise<Map<number, string>>;
}

export const CONSENT_RETAILERS = Symbol('CONSENT_RETAILERS');
