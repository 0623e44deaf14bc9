import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { RecipientAddressBook } from '../../identity/recipient-address-book.js';
import { RecipientConsentService } from '../../recipient-consents.js';
import { ListMyConsentsQuery } from './list-my-consents.query.js';

export interface MyConsent {
  consentId: string;
  recipient: string;
  iysCode: number;
  providerTitle: string | null;
  brandCode: number;
  brandName: string | null;
  type: string;
  recipientType: string;
  status: string;
  source: string;
  consentDate: string;
  creationDate: string;
  transactionId: string;
}

@QueryHandler(ListMyConsentsQuery)
export class ListMyConsentsHandler implements IQueryHandler<ListMyConsentsQuery, { consents: MyConsent[] }> {
  constructor(
    @Inject(RecipientConsentService) private readonly consents: RecipientConsentService,
    @Inject(RecipientAddressBook) private readonly addressBook: RecipientAddressBook,
  ) {}

  async execute({ principal, filter }: ListMyConsentsQuery): Promise<{ consents: MyConsent[] }> {
    const addresses = new Map((await this.addressBook.openAddresses(principal.accountId)).map((a) => [a.recipientId, a.recipient]));
    const all = await this.consents.list([...addresses.keys()]);
    const consents = all
      .filter((c) => (filter.status === undefined || c.status === filter.status) && (filter.type === undefined || c.type === filter.type))
      .filter((c) => filter.brandCode === undefined || c.brandCode === filter.brandCode)
      .map((c) => ({
        consentId: c.consentId,
        recipient: addresses.get(c.recipientId) ?? '',
        iysCode: c.iysCode,
        providerTitle: c.providerTitle,
        brandCode: c.brandCode,
        brandName: c.brandName,
        type: c.type,
        recipientType: c.recipientType,
        status: c.status,
        source: c.source,
        consentDate: formatIysDateTime(new Date(c.consentDate)),
        creationDate: formatIysDateTime(new Date(c.creationDate)),
        transactionId: c.transactionId,
      }));
    return { consents };
  }
}
