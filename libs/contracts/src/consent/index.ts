// Published language of the consent context: event type strings other contexts may project and the
// query ports it serves. Plain types and constants only.

export const CONSENT_APPROVED = 'consent.ConsentApproved';
export const CONSENT_REJECTED = 'consent.ConsentRejected';

/** Approved and rejected consents of one brand, as İYS B1 reports them. */
export interface BrandConsentCounts {
  approval: number;
  rejection: number;
}

/** Injection token of the port below; the consent context provides it globally. */
export const BRAND_CONSENT_STATS = 'consent:BrandConsentStats';

export interface BrandConsentStatsPort {
  countsFor(brandCodes: readonly number[]): Promise<Map<number, BrandConsentCounts>>;
}
