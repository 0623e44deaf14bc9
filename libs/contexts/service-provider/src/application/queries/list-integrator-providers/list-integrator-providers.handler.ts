import { Inject } from '@nestjs/common';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CONSENT_CHANNELS, type ConsentChannel } from '../../../domain/service-provider.events.js';
import { ListIntegratorProvidersQuery } from './list-integrator-providers.query.js';

/** A brand as İYS shows it to an integrator: the B1 fields plus what the integrator may do (iys-api.md §3.1). */
export type AuthorisedBrand = {
  brandCode: number;
  name: string;
  master: boolean;
  agreementControl: boolean;
} & Record<ConsentChannel, 'write' | 'none'>;

export interface AuthorisedProvider {
  title: string;
  iysCode: number;
  brands: AuthorisedBrand[];
}

/**
 * B2 and B3: the providers that authorised an integrator and, per brand, its rights. A granted type
 * reads `write` (read, write and, with agreementControl, reconcile), others `none` (docs/adr/0012).
 */
@QueryHandler(ListIntegratorProvidersQuery)
export class ListIntegratorProvidersHandler implements IQueryHandler<ListIntegratorProvidersQuery, AuthorisedProvider[]> {
  constructor(@Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory) {}

  async execute({ integratorCode, iysCode }: ListIntegratorProvidersQuery): Promise<AuthorisedProvider[]> {
    const rows = await this.directory.integratorBrands(integratorCode, iysCode);
    const providers = new Map<number, AuthorisedProvider>();
    for (const row of rows) {
      const provider = providers.get(row.iysCode) ?? { title: row.title, iysCode: row.iysCode, brands: [] };
      providers.set(row.iysCode, provider);
      const rights = Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel, row.types.includes(channel) ? 'write' : 'none']));
      provider.brands.push({
        brandCode: row.brandCode,
        name: row.name,
        master: row.master,
        agreementControl: row.agreementControl,
        ...(rights as Record<ConsentChannel, 'write' | 'none'>),
      });
    }
    return [...providers.values()];
  }
}
