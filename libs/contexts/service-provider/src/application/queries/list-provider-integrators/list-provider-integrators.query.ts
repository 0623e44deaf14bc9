import { Query } from '@nestjs/cqrs';
import type { ProviderIntegratorGrant } from '../../provider-directory.port.js';

/** The integrators a provider has authorised (the provider's side of B2/B3). */
export class ListProviderIntegratorsQuery extends Query<ProviderIntegratorGrant[]> {
  constructor(readonly iysCode: number) {
    super();
  }
}
