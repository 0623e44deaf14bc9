import { ConsentContracts } from '@iys/contracts';

/**
 * A recipient's handle on one of their consents: `<recipientId>.<brandCode>.<type>.<recipientType>`,
 * the consent key with the address replaced by its opaque id (no personal data in URLs).
 */
export type ConsentTypeValue = ConsentContracts.ConsentTypeValue;
export type RecipientTypeValue = ConsentContracts.RecipientTypeValue;
export const CONSENT_TYPE_VALUES: readonly ConsentTypeValue[] = ConsentContracts.CONSENT_TYPES;
export const RECIPIENT_TYPE_VALUES: readonly RecipientTypeValue[] = ConsentContracts.RECIPIENT_TYPES;

export interface ConsentReference {
  recipientId: string;
  brandCode: number;
  type: ConsentTypeValue;
  recipientType: RecipientTypeValue;
}

const REFERENCE = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\.([1-9][0-9]{0,9})\.(ARAMA|MESAJ|EPOSTA)\.(BIREYSEL|TACIR)$/;

export function formatConsentReference(key: ConsentReference): string {
  return `${key.recipientId}.${key.brandCode}.${key.type}.${key.recipientType}`;
}

/** The key, or undefined for anything that is not a well-formed reference. */
export function parseConsentReference(raw: string): ConsentReference | undefined {
  const match = REFERENCE.exec(raw);
  if (!match) return undefined;
  const brandCode = Number(match[2]);
  if (!Number.isSafeInteger(brandCode)) return undefined;
  return { recipientId: match[1].toLowerCase(), brandCode, type: match[3] as ConsentTypeValue, recipientType: match[4] as RecipientTypeValue };
}
