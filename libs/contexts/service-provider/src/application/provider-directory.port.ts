import type { ServiceProviderContracts } from '@iys/contracts';
import type { ConsentChannel } from '../domain/service-provider.events.js';

/** An application in the administrator's review queue (no signatory data: it stays sealed in the events). */
export interface ApplicationRecord {
  applicationId: string;
  status: string;
  title: string;
  mersis: string;
  brandNames: string[];
  submittedAt: Date;
  iysCode: number | null;
  rejectionReason: string | null;
}

/** An approved provider as the administrator's list shows it. */
export interface ProviderRecord {
  iysCode: number;
  title: string;
  activationDate: Date;
  activeBrands: number;
}

/** An active brand of a provider, master first. */
export interface BrandRecord {
  brandCode: number;
  name: string;
  master: boolean;
}

/** One brand an integrator was authorised on, with the provider and the grant's terms. */
export interface IntegratorBrandRecord extends BrandRecord {
  iysCode: number;
  title: string;
  types: ConsentChannel[];
  agreementControl: boolean;
}

/** One integrator a provider authorised: for which brands and channels, with or without reconciliation. */
export interface ProviderIntegratorGrant {
  integratorCode: number;
  title: string;
  brandCodes: number[];
  types: ConsentChannel[];
  agreementControl: boolean;
}

/**
 * The provider directory read model (applications, providers, brands, integrators, grants, sender
 * exemptions) as this context's use cases read it. Implemented in infrastructure (docs/adr/0052).
 */
export interface ProviderDirectory {
  /** The application id (stream) of an approved provider, if there is one with this iysCode. */
  applicationIdOf(iysCode: number): Promise<string | undefined>;
  integratorExists(integratorCode: number): Promise<boolean>;
  applications(status: string | undefined): Promise<ApplicationRecord[]>;
  activeBrands(iysCode: number): Promise<BrandRecord[]>;
  /** Approved providers by iysCode, from `offset`, at most `limit`. */
  providers(offset: number, limit: number): Promise<ProviderRecord[]>;
  /** Ordered by provider, then master first, then brand code. */
  integratorBrands(integratorCode: number, iysCode: number | undefined): Promise<IntegratorBrandRecord[]>;
  /** The integrators a provider has authorised, with what each may do (the panel's integrators page). */
  grantsOf(iysCode: number): Promise<ProviderIntegratorGrant[]>;
  /** At most `limit`, newest first; those in force at `at` when it is given. */
  senderExemptions(at: Date | string | null, limit: number): Promise<ServiceProviderContracts.SenderExemptionGranted[]>;
}

export const PROVIDER_DIRECTORY = Symbol('PROVIDER_DIRECTORY');
