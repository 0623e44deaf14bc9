/** The platform's erasure tombstone (libs/platform/pii): consent read models drop the subject's rows on it. */
export const RECIPIENT_DATA_ERASED_EVENT = 'recipient.RecipientDataErased';
