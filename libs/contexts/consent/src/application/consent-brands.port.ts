/**
 * This context's copy of the brand directory (consent.brands, projected from service-provider's
 * events). Implemented in infrastructure (docs/adr/0052); read through ConsentBrandDirectory, which
 * adds the caught-up retry.
 */
export interface ConsentBrandRecords {
  /** The provider's activation date of an active brand of its own; undefined otherwise. */
  activationDateOf(iysCode: number, brandCode: number): Promise<Date | undefined>;
  /** Whether the brand is the provider's, active or passive. */
  isKnown(iysCode: number, brandCode: number): Promise<boolean>;
}

export const CONSENT_BRAND_RECORDS = Symbol('CONSENT_BRAND_RECORDS');
