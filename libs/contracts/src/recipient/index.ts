// Published language of the recipient context: the integration events, identifiers and query
// shapes that other contexts may depend on. Plain types and constants only — no Nest, no database.

/** One address a recipient account has proven, in clear: for that recipient's own screens only. */
export interface ProvenAddress {
  /** Opaque id of the address (PiiVault): names its data key. */
  recipientId: string;
  addressKind: 'phone' | 'email';
  /** Normalised address (E.164 phone or lower-case e-mail), in clear. */
  recipient: string;
}

/** Injection token of the port below; the recipient context provides it globally. */
export const RECIPIENT_ADDRESSES = 'recipient:RecipientAddresses';

/**
 * The addresses behind a signed-in recipient (or a caller an agent acts for): how another context
 * scopes a recipient token to the addresses it proved, without reading the recipient's tables.
 */
export interface RecipientAddressesPort {
  /** In verification order; empty for an unknown account. */
  addressesOf(accountId: string): Promise<ProvenAddress[]>;
}

/** The streams this context writes and the published events they carry (docs/adr/0052). */
export const STREAMS = { context: 'recipient', categories: ['recipientAccount'], eventTypes: [] } as const;
