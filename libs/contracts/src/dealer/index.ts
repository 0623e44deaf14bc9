// Published language of the dealer context: the integration events, identifiers and query
// shapes that other contexts may depend on. Whatever is added here is a versioned contract, so it
// holds plain types and constants only — no Nest, no database.

export type RetailerStatus = 'active' | 'passive' | 'pending';
export const RETAILER_STATUSES: readonly RetailerStatus[] = ['active', 'passive', 'pending'];

/**
 * A retailer (bayi) was added to a brand (schema v1). Only what other contexts need: its
 * registry-wide code, the provider and brand it belongs to, its status. The authorised person's
 * data stays sealed in the dealer context's own events.
 */
export const RETAILER_REGISTERED = 'dealer.RetailerRegistered';
export interface RetailerRegistered {
  retailerCode: number;
  iysCode: number;
  brandCode: number;
  status: RetailerStatus;
}

/** A retailer was deleted (only ever one never associated with a consent) (schema v1). */
export const RETAILER_DELETED = 'dealer.RetailerDeleted';
export interface RetailerDeleted {
  retailerCode: number;
  iysCode: number;
  brandCode: number;
}

export const RETAILER_DIRECTORY_EVENTS = [RETAILER_REGISTERED, RETAILER_DELETED] as const;

/** Injection token of the port below; the dealer context provides it globally. */
export const RETAILER_DIRECTORY = 'dealer:RetailerDirectory';

export interface RetailerDirectoryPort {
  /** The retailer of that brand of that provider, or undefined when it does not exist (or was deleted). */
  find(iysCode: number, brandCode: number, retailerCode: number): Promise<{ retailerCode: number; status: RetailerStatus } | undefined>;
  /** The listed retailers of that brand as İYS RA3 lists them (authorised person unsealed), in the order given; unknown ones left out. */
  describe(iysCode: number, brandCode: number, retailerCodes: readonly number[]): Promise<RetailerDescription[]>;
  /** Retailers per brand, as İYS B1's `stats.retailers.total` reports them. */
  countsFor(brandCodes: readonly number[]): Promise<Map<number, number>>;
}

/** A retailer as İYS RA3 lists it (iys-api.md §3.11). */
export interface RetailerDescription {
  title: string;
  mersis: string;
  alias: string;
  name: string;
  tckn: string;
  mobile: string;
  city: { code: string; name: string };
  town: { code: string; name: string };
  retailerCode: number;
  status: RetailerStatus;
}

const PLACE_SCHEMA = { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string', example: '34' }, name: { type: 'string', example: 'İstanbul' } } } as const;

/** {@link RetailerDescription} as a JSON Schema, for the OpenAPI document of the contexts that answer with it. */
export const RETAILER_DESCRIPTION_SCHEMA = {
  type: 'object',
  required: ['title', 'mersis', 'alias', 'name', 'tckn', 'mobile', 'city', 'town', 'retailerCode', 'status'],
  properties: {
    title: { type: 'string', example: 'ÖRNEK GIDA TİCARET LTD. ŞTİ.' },
    mersis: { type: 'string', example: '0015001526400496' },
    alias: { type: 'string', example: 'ŞİŞLİ MAĞAZASI' },
    name: { type: 'string', example: 'Ayşe Yılmaz' },
    tckn: { type: 'string', example: '10000000146' },
    mobile: { type: 'string', example: '+905321234567' },
    city: PLACE_SCHEMA,
    town: PLACE_SCHEMA,
    retailerCode: { type: 'integer', example: 1 },
    status: { type: 'string', enum: RETAILER_STATUSES },
  },
} as const satisfies { type: 'object'; required: readonly (keyof RetailerDescription)[]; properties: Record<keyof RetailerDescription, object> };

/** The streams this context writes and the published events they carry (docs/adr/0052). */
export const STREAMS = { context: 'dealer', categories: ['retailers'], eventTypes: RETAILER_DIRECTORY_EVENTS } as const;
