/** The vault's erasure tombstone (@iys/platform/pii): every read model here drops the subject's rows. */
export const RECIPIENT_DATA_ERASED_EVENT = 'recipient.RecipientDataErased';
