import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PROVIDER_DIRECTORY, type ProviderDirectory, type ProviderIntegratorGrant } from '../../provider-directory.port.js';
import { ListProviderIntegratorsQuery } from './list-provider-integrators.query.js';

@QueryHandler(ListProviderIntegratorsQuery)
export class ListProviderIntegratorsHandler implements IQueryHandler<ListProviderIntegratorsQuery, ProviderIntegratorGrant[]> {
  constructor(@Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory) {}

  execute({ iysCode }: ListProviderIntegratorsQuery): Promise<ProviderIntegratorGrant[]> {
    return this.directory.grantsOf(iysCode);
  }
}
