import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { ServiceProviderContracts } from '@iys/contracts';
import { PG_POOL } from '@iys/platform/nest';
import { ListSenderExemptionsQuery } from './list-sender-exemptions.query.js';

/** An exemption as listed: the published fields, `validTo` moved earlier if it was ended. */
export type SenderExemptionView = ServiceProviderContracts.SenderExemptionGranted;

const MAX_LISTED = 10_000;

@QueryHandler(ListSenderExemptionsQuery)
export class ListSenderExemptionsHandler implements IQueryHandler<ListSenderExemptionsQuery, SenderExemptionView[]> {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async execute({ filter }: ListSenderExemptionsQuery): Promise<SenderExemptionView[]> {
    const at = filter.current?.at ?? null;
    const { rows } = await this.pool.query<{ view: SenderExemptionView }>(
      `SELECT jsonb_build_object('exemptionId', exemption_id, 'organisation', organisation, 'kind', kind,
                'registrationNumber', registration_number, 'senders', senders,
                'validFrom', to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'validTo', to_char(valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'legalBasis', legal_basis) AS view
         FROM service_provider.sender_exemptions
        WHERE $1::timestamptz IS NULL OR (valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1))
        ORDER BY granted_position DESC LIMIT ${MAX_LISTED}`,
      [at],
    );
    return rows.map((row) => row.view);
  }
}
