import { Query } from '@nestjs/cqrs';
import type { ServiceProviderPage } from './list-service-providers.handler.js';

/** The administrator's list of approved providers with their activation dates, by iysCode, a page at a time. */
export class ListServiceProvidersQuery extends Query<ServiceProviderPage> {
  constructor(
    readonly offset: number,
    readonly limit: number,
  ) {
    super();
  }
}
