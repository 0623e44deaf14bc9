import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { serviceProviderError } from '../../../domain/service-provider.errors.js';
import { SENDER_DIRECTORY, type RegisteredSender, type SenderDirectory } from '../../sender-identities.js';
import { ListSendersQuery } from './list-senders.query.js';

/** A brand's sender identities; an unknown or passive brand of the provider is 422 H619, not an empty list. */
@QueryHandler(ListSendersQuery)
export class ListSendersHandler implements IQueryHandler<ListSendersQuery, RegisteredSender[]> {
  constructor(@Inject(SENDER_DIRECTORY) private readonly directory: SenderDirectory) {}

  async execute({ iysCode, brandCode }: ListSendersQuery): Promise<RegisteredSender[]> {
    if (!(await this.directory.isActiveBrand(iysCode, brandCode))) throw serviceProviderError('H619', ['brandCode']);
    return this.directory.listOf(iysCode, brandCode);
  }
}
