import type pg from 'pg';
import { serviceProviderError } from '../domain/service-provider.errors.js';
import { serviceProviderStream } from './service-provider-streams.js';

/** The stream of an approved provider, found by its iysCode in the directory read model. */
export async function providerStreamOf(pool: pg.Pool, iysCode: number): Promise<string> {
  const { rows } = await pool.query<{ application_id: string }>('SELECT application_id FROM service_provider.providers WHERE iys_code = $1', [iysCode]);
  if (rows.length === 0) throw serviceProviderError('H616', ['iysCode']);
  return serviceProviderStream(rows[0].application_id);
}
