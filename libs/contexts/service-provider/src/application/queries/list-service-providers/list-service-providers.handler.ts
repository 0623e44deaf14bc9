import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatIysDateTime, readPage, type Page } from '@iys/platform/building-blocks';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { ListServiceProvidersQuery } from './list-service-providers.query.js';

export interface ServiceProviderListItem {
  iysCode: number;
  title: string;
  /** `YYYY-MM-DD HH:mm:ss`, Europe/Istanbul. */
  activationDate: string;
  /** Its brands that are active. */
  activeBrands: number;
}

/** A page of providers; `more` says whether another page follows. */
export type ServiceProviderPage = Page<ServiceProviderListItem>;

export const SERVICE_PROVIDER_PAGE_MAX = 200;

@QueryHandler(ListServiceProvidersQuery)
export class ListServiceProvidersHandler implements IQueryHandler<ListServiceProvidersQuery, ServiceProviderPage> {
  constructor(@Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory) {}

  execute(query: ListServiceProvidersQuery): Promise<ServiceProviderPage> {
    return readPage(query, SERVICE_PROVIDER_PAGE_MAX, async (offset, limit) =>
      (await this.directory.providers(offset, limit)).map((row) => ({ ...row, activationDate: formatIysDateTime(row.activationDate) })),
    );
  }
}
