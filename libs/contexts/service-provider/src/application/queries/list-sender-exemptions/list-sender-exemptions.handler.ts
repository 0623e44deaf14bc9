import { Inject } from '@nestjs/common';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ServiceProviderContracts } from '@iys/contracts';
import { ListSenderExemptionsQuery } from './list-sender-exemptions.query.js';

/** An exemption as listed: the published fields, `validTo` moved earlier if it was ended. */
export type SenderExemptionView = ServiceProviderContracts.SenderExemptionGranted;

const MAX_LISTED = 10_000;

@QueryHandler(ListSenderExemptionsQuery)
export class ListSenderExemptionsHandler implements IQueryHandler<ListSenderExemptionsQuery, SenderExemptionView[]> {
  constructor(@Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory) {}

  async execute({ filter }: ListSenderExemptionsQuery): Promise<SenderExemptionView[]> {
    const at = filter.current?.at ?? null;
    return this.directory.senderExemptions(at, MAX_LISTED);
  }
}
