/**
 * Facts about a recipient's account: the addresses whose control they proved and what they asked
 * the registry to do with their data. Addresses appear only as opaque recipient ids.
 */
export type AddressKind = 'phone' | 'email';
/** How the address was proven: a code the person typed on the web/app, or read back to a call-centre agent. */
export type VerificationChannel = 'web' | 'call-centre';
export type SealedAddress = { [key: string]: string };

export type RecipientAccountEvent =
  | { type: 'recipient.AccountOpened'; data: { accountId: string; openedAt: string } }
  | {
      type: 'recipient.AddressVerified';
      /** `address`: the address sealed under the recipient's data key, so the account can show it. */
      data: { accountId: string; recipientId: string; addressKind: AddressKind; address: SealedAddress; verifiedAt: string; via: VerificationChannel };
    }
  | {
      type: 'recipient.AddressReleased';
      data: { accountId: string; recipientId: string; releasedAt: string; reason: 'verified-by-another-account' };
    }
  | { type: 'recipient.ErasureRequested'; data: { accountId: string; recipientIds: string[]; requestedAt: string; earliestExecution: string } };

export const RECIPIENT_ACCOUNT_EVENT_TYPES = [
  'recipient.AccountOpened',
  'recipient.AddressVerified',
  'recipient.AddressReleased',
  'recipient.ErasureRequested',
] as const satisfies readonly RecipientAccountEvent['type'][];
