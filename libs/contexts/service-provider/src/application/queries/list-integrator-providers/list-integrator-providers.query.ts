import { Query } from '@nestjs/cqrs';
import type { AuthorisedProvider } from './list-integrator-providers.handler.js';

export class ListIntegratorProvidersQuery extends Query<AuthorisedProvider[]> {
  constructor(
    readonly integratorCode: number,
    /** B3: only this provider. */
    readonly iysCode?: number,
  ) {
    super();
  }
}
