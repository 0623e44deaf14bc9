import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { RecipientAddressBook } from '../../identity/recipient-address-book.js';
import { ListMyAddressesQuery } from './list-my-addresses.query.js';

export interface MyAddress {
  recipient: string;
  kind: 'phone' | 'email';
  verifiedAt: string;
}

@QueryHandler(ListMyAddressesQuery)
export class ListMyAddressesHandler implements IQueryHandler<ListMyAddressesQuery, { addresses: MyAddress[] }> {
  constructor(@Inject(RecipientAddressBook) private readonly addressBook: RecipientAddressBook) {}

  async execute({ principal }: ListMyAddressesQuery): Promise<{ addresses: MyAddress[] }> {
    const addresses = await this.addressBook.openAddresses(principal.accountId);
    return { addresses: addresses.map((a) => ({ recipient: a.recipient, kind: a.addressKind, verifiedAt: formatIysDateTime(a.verifiedAt) })) };
  }
}
