import { Inject, Injectable } from '@nestjs/common';
import type { ServiceProviderContracts } from '@iys/contracts';
import { REPLICA_READS } from '@iys/platform/nest';
import type { SqlExecutor } from '@iys/platform/database';
import type { ApplicationRecord, BrandRecord, IntegratorBrandRecord, ProviderDirectory, ProviderIntegratorGrant, ProviderRecord } from '../../application/provider-directory.port.js';
import type { ConsentChannel } from '../../domain/service-provider.events.js';

/** The ProviderDirectory port over the service_provider read-model tables. */
@Injectable()
export class PostgresProviderDirectory implements ProviderDirectory {
  // Read-only: a hot standby on the routes ADR 0047 marks, the primary everywhere else.
  constructor(@Inject(REPLICA_READS) private readonly pool: SqlExecutor) {}

  async applicationIdOf(iysCode: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ application_id: string }>('SELECT application_id FROM service_provider.providers WHERE iys_code = $1', [iysCode]);
    return rows[0]?.application_id;
  }

  async integratorExists(integratorCode: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM service_provider.integrators WHERE integrator_code = $1', [integratorCode]);
    return rowCount !== 0;
  }

  async applications(status: string | undefined): Promise<ApplicationRecord[]> {
    const { rows } = await this.pool.query<{
      application_id: string;
      status: string;
      title: string;
      mersis: string;
      brand_names: string[];
      submitted_at: Date;
      iys_code: number | null;
      rejection_reason: string | null;
    }>(
      `SELECT application_id, status, title, mersis, brand_names, submitted_at, iys_code, rejection_reason
         FROM service_provider.applications WHERE ($1::text IS NULL OR status = $1) ORDER BY submitted_at, application_id`,
      [status ?? null],
    );
    return rows.map((row) => ({
      applicationId: row.application_id,
      status: row.status,
      title: row.title,
      mersis: row.mersis,
      brandNames: row.brand_names,
      submittedAt: row.submitted_at,
      iysCode: row.iys_code,
      rejectionReason: row.rejection_reason,
    }));
  }

  async activeBrands(iysCode: number): Promise<BrandRecord[]> {
    const { rows } = await this.pool.query<{ brand_code: number; name: string; master: boolean }>(
      `SELECT brand_code, name, master FROM service_provider.brands WHERE iys_code = $1 AND active ORDER BY master DESC, brand_code`,
      [iysCode],
    );
    return rows.map((row) => ({ brandCode: row.brand_code, name: row.name, master: row.master }));
  }

  async providers(offset: number, limit: number): Promise<ProviderRecord[]> {
    const { rows } = await this.pool.query<{ iys_code: number; title: string; activation_date: Date; active_brands: number }>(
      `SELECT p.iys_code, p.title, p.activation_date,
              (SELECT count(*)::int FROM service_provider.brands b WHERE b.iys_code = p.iys_code AND b.active) AS active_brands
         FROM service_provider.providers p ORDER BY p.iys_code OFFSET $1 LIMIT $2`,
      [offset, limit],
    );
    return rows.map((row) => ({ iysCode: row.iys_code, title: row.title, activationDate: row.activation_date, activeBrands: row.active_brands }));
  }

  async grantsOf(iysCode: number): Promise<ProviderIntegratorGrant[]> {
    const { rows } = await this.pool.query<ProviderIntegratorGrant>(
      `SELECT g.integrator_code AS "integratorCode", i.title, g.brand_codes AS "brandCodes", g.types, g.agreement_control AS "agreementControl"
         FROM service_provider.integrator_grants g JOIN service_provider.integrators i USING (integrator_code)
        WHERE g.iys_code = $1 ORDER BY g.integrator_code`,
      [iysCode],
    );
    return rows;
  }

  async integratorBrands(integratorCode: number, iysCode: number | undefined): Promise<IntegratorBrandRecord[]> {
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
    return rows.map((row) => ({
      iysCode: row.iys_code,
      title: row.title,
      types: row.types,
      agreementControl: row.agreement_control,
      brandCode: row.brand_code,
      name: row.name,
      master: row.master,
    }));
  }

  async senderExemptions(at: Date | string | null, limit: number): Promise<ServiceProviderContracts.SenderExemptionGranted[]> {
    const { rows } = await this.pool.query<{ view: ServiceProviderContracts.SenderExemptionGranted }>(
      `SELECT jsonb_build_object('exemptionId', exemption_id, 'organisation', organisation, 'kind', kind,
                'registrationNumber', registration_number, 'senders', senders,
                'validFrom', to_char(valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'validTo', to_char(valid_to AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'legalBasis', legal_basis) AS view
         FROM service_provider.sender_exemptions
        WHERE $1::timestamptz IS NULL OR (valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1))
        ORDER BY granted_position DESC LIMIT $2`,
      [at, limit],
    );
    return rows.map((row) => row.view);
  }
}
