import type { DealerContracts } from '@iys/contracts';

export type RetailerStatus = DealerContracts.RetailerStatus;

/** A value sealed under the authorised person's data key (PiiVault); never plaintext in an event. */
export type SealedPersonalData = { [key: string]: string };

/** A city (il) or town (ilçe) as İYS names them on the wire: `{name, code}`. */
export interface PlaceRef {
  code: string;
  name: string;
}

/** What the registry keeps of one retailer (bayi). */
export interface RetailerFacts {
  retailerCode: number;
  iysCode: number;
  brandCode: number;
  title: string;
  mersis: string;
  alias: string;
  city: PlaceRef;
  town: PlaceRef;
  status: RetailerStatus;
  /** The authorised person: subject id in the vault and the sealed name, TCKN and mobile. */
  authorisedPerson: { subjectId: string; name: SealedPersonalData; tckn: SealedPersonalData; mobile: SealedPersonalData };
  /**
   * Keyed hash (HMAC, vault-derived key) of TCKN + MERSİS: lets the roster refuse a second retailer
   * of the same person and company without keeping the TCKN in clear.
   */
  identityKey: string;
}

/**
 * Facts of one brand's retailer roster (stream `retailers-<brandCode>`). The roster is the unit of
 * consistency: no two retailers of a brand share TCKN + MERSİS, and a brand has at most 3000.
 */
export type RetailerEvent =
  | { type: 'dealer.RetailerRegistered'; data: RetailerFacts }
  | { type: 'dealer.RetailerDeleted'; data: { retailerCode: number; iysCode: number; brandCode: number } };
