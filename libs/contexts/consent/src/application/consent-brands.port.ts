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

/**
 * Activation dates remembered until the brands projection announces a brand change (docs/adr/0059);
 * implemented in infrastructure by a cache listening on the projection's channel.
 */
export interface RememberedActivations {
  get(key: string, load: () => Promise<string | undefined>): Promise<string | undefined>;
  /** Resolves when the remembered dates are next forgotten. */
  changed(): Promise<void>;
  close(): Promise<void>;
}

export const REMEMBERED_ACTIVATIONS = Symbol('REMEMBERED_ACTIVATIONS');
