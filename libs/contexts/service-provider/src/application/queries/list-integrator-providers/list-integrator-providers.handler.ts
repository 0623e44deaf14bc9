import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
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
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async execute({ integratorCode, iysCode }: ListIntegratorProvidersQuery): Promise<AuthorisedProvider[]> {
    const { rows } = await this.pool.query<{
      iys_code: number;
      title: string;
      types: ConsentChannel[];
      agreement_control: boolean;
      brand_code: number;
      name: string;
      master: boolean;
    }>(
      `SELECT g.iys_code, p.title, g.types, g.agreement_control, b.brand_code, b.name, b.master
         FROM service_provider.integrator_grants g
         JOIN service_provider.providers p ON p.iys_code = g.iys_code
         JOIN service_provider.brands b ON b.brand_code = ANY (g.brand_codes) AND b.active
        WHERE g.integrator_code = $1 AND ($2::int IS NULL OR g.iys_code = $2)
        ORDER BY g.iys_code, b.master DESC, b.brand_code`,
      [integratorCode, iysCode ?? null],
    );
    const providers = new Map<number, AuthorisedProvider>();
    for (const row of rows) {
      const provider = providers.get(row.iys_code) ?? { title: row.title, iysCode: row.iys_code, brands: [] };
      providers.set(row.iys_code, provider);
      const rights = Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel, row.types.includes(channel) ? 'write' : 'none']));
      provider.brands.push({
        brandCode: row.brand_code,
        name: row.name,
        master: row.master,
        agreementControl: row.agreement_control,
        ...(rights as Record<ConsentChannel, 'write' | 'none'>),
      });
    }
    return [...providers.values()];
  }
}
