import { Inject, Injectable } from '@nestjs/common';
import { RecipientContracts } from '@iys/contracts';
import { PiiVault } from '@iys/platform/pii';
import { RecipientAccounts } from './recipient-accounts.js';

export interface OpenAddress {
  recipientId: string;
  addressKind: 'phone' | 'email';
  /** The address in clear. */
  recipient: string;
  verifiedAt: Date;
}

/** The caller's own addresses in clear, for their own screens and exports only. */
@Injectable()
export class RecipientAddressBook implements RecipientContracts.RecipientAddressesPort {
  constructor(
    @Inject(RecipientAccounts) private readonly accounts: RecipientAccounts,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  /** In verification order. */
  async openAddresses(accountId: string): Promise<OpenAddress[]> {
    const addresses = await this.accounts.addressesOf(accountId);
    const opened = await this.vault.decryptMany(addresses.map((a) => a.address));
    return addresses.map((a, i) => ({ recipientId: a.recipientId, addressKind: a.addressKind, recipient: opened[i], verifiedAt: a.verifiedAt }));
  }

  /** The published port (RecipientContracts.RECIPIENT_ADDRESSES): the same addresses, for other contexts. */
  async addressesOf(accountId: string): Promise<RecipientContracts.ProvenAddress[]> {
    return (await this.openAddresses(accountId)).map(({ recipientId, addressKind, recipient }) => ({ recipientId, addressKind, recipient }));
  }
}
